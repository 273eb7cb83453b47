import { ATTACHMENT_TYPES, type AttachmentExt, type AttachmentKind } from '../../domain/attachments.js';

// Types are decided by the bytes, never by what the browser declares: a renamed .exe stays an .exe.

const SIGNATURES: { kind: Exclude<AttachmentKind, 'ooxml'> | 'zip'; at: number; bytes: number[] }[] = [
  { kind: 'png', at: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { kind: 'jpeg', at: 0, bytes: [0xff, 0xd8, 0xff] },
  { kind: 'gif', at: 0, bytes: [...Buffer.from('GIF87a')] },
  { kind: 'gif', at: 0, bytes: [...Buffer.from('GIF89a')] },
  { kind: 'pdf', at: 0, bytes: [...Buffer.from('%PDF-')] },
  { kind: 'zip', at: 0, bytes: [0x50, 0x4b, 0x03, 0x04] },
  { kind: 'ole', at: 0, bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
];

/** How many leading bytes the signatures need. */
export const SNIFF_BYTES = 16;

/** The OOXML package's manifest; its name sits uncompressed in every zip directory entry. */
export const OOXML_MARKER = Buffer.from('[Content_Types].xml', 'latin1');

export function sniffKind(head: Buffer): (typeof SIGNATURES)[number]['kind'] | 'webp' | null {
  if (head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  for (const s of SIGNATURES) {
    if (head.length >= s.at + s.bytes.length && s.bytes.every((b, i) => head[s.at + i] === b)) return s.kind;
  }
  return null;
}

export function extensionOf(filename: string): AttachmentExt | null {
  const dot = filename.lastIndexOf('.');
  if (dot < 0) return null;
  const ext = filename.slice(dot + 1).toLowerCase();
  return Object.hasOwn(ATTACHMENT_TYPES, ext) ? (ext as AttachmentExt) : null;
}

/** True when the bytes are what the extension claims (an OOXML file must also carry its manifest). */
export function bytesMatch(ext: AttachmentExt, head: Buffer, hasOoxmlMarker: boolean): boolean {
  const want = ATTACHMENT_TYPES[ext].kind;
  const got = sniffKind(head);
  if (want === 'ooxml') return got === 'zip' && hasOoxmlMarker;
  return got === want;
}

/** Finds a byte pattern across chunk boundaries without holding the whole stream. */
export function streamingMatcher(pattern: Buffer): { feed(chunk: Buffer): void; found(): boolean } {
  let tail = Buffer.alloc(0);
  let hit = false;
  return {
    feed(chunk) {
      if (hit) return;
      const window = Buffer.concat([tail, chunk]);
      if (window.includes(pattern)) hit = true;
      tail = window.subarray(Math.max(0, window.length - (pattern.length - 1)));
    },
    found: () => hit,
  };
}
