import { PARAMETER_SPECS } from '../../domain/parameters.js';
import { parameter } from './parameters.js';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { ATTACHMENT_LIMITS, ATTACHMENT_TYPES, type Attachment } from '../../domain/attachments.js';
import type { Config } from '../config.js';
import type { RequestContext } from './actor.js';
import { recordAudit } from './audit.js';
import { reusableQuery } from './reusable-query.js';
import { randomToken, sm3Hasher } from './crypto.js';
import type { Db, Tx } from './db.js';
import type { Deps } from './deps.js';
import { AppError } from './errors.js';
import { bytesMatch, extensionOf, OOXML_MARKER, SNIFF_BYTES, streamingMatcher } from './file-types.js';

/** One uploaded file as the HTTP layer hands it over, independent of the multipart library. */
export interface IncomingFile {
  filename: string;
  stream: Readable & { truncated?: boolean };
}

export interface AttachmentOwner {
  /** `report_draft` is a file waiting for its report (owner id: the item); see pending-attachments.ts. */
  type: 'item_comment' | 'need' | 'meeting' | 'completion' | 'report' | 'report_draft';
  id: number;
}

export interface Staged {
  storageKey: string;
  tmpPath: string;
  finalPath: string;
  filename: string;
  mime: string;
  size: number;
  sm3: string;
}

/** The multipart layer's own ceiling: the largest the 系统参数 may allow; the parameter's value is checked while streaming. */
export const MULTIPART_CEILING_BYTES = PARAMETER_SPECS['upload.attachmentMaxMb'].max * 1024 * 1024;

const tooLarge = (maxMb: number) => new AppError('PAYLOAD_TOO_LARGE', `附件不能超过 ${maxMb} MB`);
const unsupported = () => new AppError('UNSUPPORTED_MEDIA_TYPE', `只能上传以下类型的文件：${Object.keys(ATTACHMENT_TYPES).join('、')}；文件内容须与扩展名一致`);

/** The user's name for the file, safe to store and to echo in a header: no path, controls or direction tricks. */
export function sanitiseFilename(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  const clean = base
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f<>:"|?*\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if (clean.length <= ATTACHMENT_LIMITS.filenameMax) return clean;
  const dot = clean.lastIndexOf('.');
  const ext = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : '';
  return clean.slice(0, ATTACHMENT_LIMITS.filenameMax - ext.length) + ext;
}

function pathsFor(config: Config, storageKey: string) {
  const root = path.resolve(config.FILES_DIR);
  return {
    dir: path.join(root, storageKey.slice(0, 2)),
    finalPath: path.join(root, storageKey.slice(0, 2), storageKey),
    tmpDir: path.join(root, 'tmp'),
    tmpPath: path.join(root, 'tmp', `${storageKey}.part`),
  };
}

/** Streams the upload to a temporary file, hashing and counting as it goes; rejects on size or type. */
export async function stage(config: Config, file: IncomingFile, maxMb: number): Promise<Staged> {
  const filename = sanitiseFilename(file.filename);
  const ext = extensionOf(filename);
  if (!ext) {
    file.stream.resume();
    throw unsupported();
  }
  const storageKey = randomToken(18);
  const p = pathsFor(config, storageKey);
  await fsp.mkdir(p.tmpDir, { recursive: true });
  const limit = Math.floor(maxMb * 1024 * 1024);
  const hash = sm3Hasher();
  const marker = streamingMatcher(OOXML_MARKER);
  let head = Buffer.alloc(0);
  let size = 0;
  const out = await fsp.open(p.tmpPath, 'wx', 0o600);
  try {
    try {
      for await (const chunk of file.stream as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > limit) throw tooLarge(maxMb);
        if (head.length < SNIFF_BYTES) head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
        hash.update(chunk);
        marker.feed(chunk);
        await out.write(chunk);
      }
    } catch (err) {
      if (err instanceof AppError) throw err;
      // The multipart layer raises its own errors (cut-off bodies, its size limit); they are the client's.
      const status = (err as { statusCode?: number }).statusCode;
      if (status === 413) throw tooLarge(maxMb);
      throw new AppError('VALIDATION_FAILED', '上传的文件不完整', [{ field: 'body.file', message: '上传中断' }]);
    } finally {
      await out.close();
    }
    if (file.stream.truncated) throw tooLarge(maxMb);
    if (size === 0) throw new AppError('VALIDATION_FAILED', '上传的文件是空的', [{ field: 'body.file', message: '空文件' }]);
    if (!bytesMatch(ext, head, marker.found())) throw unsupported();
  } catch (err) {
    await fsp.rm(p.tmpPath, { force: true });
    throw err;
  }
  return { storageKey, tmpPath: p.tmpPath, finalPath: p.finalPath, filename, mime: ATTACHMENT_TYPES[ext].mime, size, sm3: hash.digest('hex') };
}

export function presentAttachment(r: { id: number; filename: string; mime: string; size: number }): Attachment {
  return { id: r.id, filename: r.filename, mime: r.mime, size: Number(r.size), url: `/api/v1/attachments/${r.id}` };
}

/**
 * Stores one file for its owner. The bytes land under a temporary name, the row and its audit record
 * commit, and only then does the file take its final name; any failure removes what was written.
 */
export async function storeAttachment(deps: Deps, ctx: RequestContext, owner: AttachmentOwner, file: IncomingFile): Promise<Attachment> {
  const staged = await stage(deps.config, file, await parameter(deps, 'upload.attachmentMaxMb'));
  const now = deps.clock.now().toISOString();
  let id: number;
  try {
    id = await deps.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('attachments')
        .values({
          owner_type: owner.type,
          owner_id: owner.id,
          filename: staged.filename,
          mime: staged.mime,
          size: staged.size,
          sm3: staged.sm3,
          storage_key: staged.storageKey,
          uploaded_by: ctx.actor.userId,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(tx, ctx, now, {
        action: 'attachment.create',
        entityType: 'attachment',
        entityId: row.id,
        after: { ownerType: owner.type, ownerId: owner.id, filename: staged.filename, mime: staged.mime, size: staged.size, sm3: staged.sm3 },
      });
      return row.id;
    });
  } catch (err) {
    await fsp.rm(staged.tmpPath, { force: true });
    throw err;
  }
  try {
    await fsp.mkdir(path.dirname(staged.finalPath), { recursive: true });
    await fsp.rename(staged.tmpPath, staged.finalPath);
  } catch (err) {
    // A row without its file would serve nothing; take the row back rather than leave it dangling.
    await fsp.rm(staged.tmpPath, { force: true });
    await deps.db.deleteFrom('attachments').where('id', '=', id).execute();
    throw err;
  }
  return presentAttachment({ id, filename: staged.filename, mime: staged.mime, size: staged.size });
}

export async function findAttachment(db: Db | Tx, id: number) {
  return db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The attachments of many owners in one query, oldest first per owner. */
// Every item, comment thread and report history lists its files: built once per shape.
const attachmentsOfQuery = reusableQuery((db, p: { ownerType: AttachmentOwner['type']; ownerIds: number[] }) =>
  db
    .selectFrom('attachments')
    .select(['id', 'owner_id', 'filename', 'mime', 'size'])
    .where('owner_type', '=', p.ownerType)
    .where('owner_id', 'in', p.ownerIds)
    .orderBy('owner_id')
    .orderBy('id'),
);

export async function attachmentsOf(db: Db | Tx, ownerType: AttachmentOwner['type'], ownerIds: number[]): Promise<Map<number, Attachment[]>> {
  const out = new Map<number, Attachment[]>();
  if (ownerIds.length === 0) return out;
  const rows = await attachmentsOfQuery.run(db, { ownerType, ownerIds });
  for (const r of rows) {
    const list = out.get(r.owner_id) ?? [];
    list.push(presentAttachment(r));
    out.set(r.owner_id, list);
  }
  return out;
}

export async function countAttachments(db: Db | Tx, owner: AttachmentOwner): Promise<number> {
  const row = await db
    .selectFrom('attachments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('owner_type', '=', owner.type)
    .where('owner_id', '=', owner.id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The stored bytes, or null when the file has gone missing from disk. */
export async function openStoredFile(config: Config, storageKey: string): Promise<fs.ReadStream | null> {
  const { finalPath } = pathsFor(config, storageKey);
  try {
    await fsp.access(finalPath, fs.constants.R_OK);
  } catch {
    return null;
  }
  return fs.createReadStream(finalPath);
}

/** Where a stored file lives under FILES_DIR; backups copy the same relative layout. */
export function storedFilePath(config: Pick<Config, 'FILES_DIR'>, storageKey: string): string {
  return pathsFor(config as Config, storageKey).finalPath;
}

/** Removes stored files whose rows were deleted; run after the commit, and a file already gone is no error. */
export async function removeStoredFiles(config: Pick<Config, 'FILES_DIR'>, storageKeys: string[]): Promise<void> {
  await Promise.all(storageKeys.map((key) => fsp.rm(storedFilePath(config, key), { force: true })));
}

/** RFC 6266 / 5987: an ASCII fallback for old clients and the exact UTF-8 name in filename*. */
export function contentDisposition(filename: string, inline: boolean): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${inline ? 'inline' : 'attachment'}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
