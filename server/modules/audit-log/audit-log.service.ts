import type { AuditEntityType, AuditEntry, LoginEntry } from '../../../domain/audit.js';
import { pageOf } from '../../platform/cursor.js';
import type { Db } from '../../platform/db.js';
import { auditRows, loginRows, type AuditFilter, type AuditRow, type LoginFilter } from './audit-log.repo.js';
import { isAuditEntityType, loadTitles } from './audit-log.titles.js';

interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

function parseJson(s: string | null): unknown {
  return s === null ? null : (JSON.parse(s) as unknown);
}

/** The fields a snapshot names its object by, in the order they are tried. */
const SNAPSHOT_NAME_KEYS = ['title', 'name', 'displayName', 'label', 'filename'] as const;

/** What the row's own before/after says the object was called: all that is left once it is deleted. */
function snapshotTitle(before: unknown, after: unknown): string | null {
  for (const snap of [after, before]) {
    if (!snap || typeof snap !== 'object') continue;
    const rec = snap as Record<string, unknown>;
    for (const k of SNAPSHOT_NAME_KEYS) if (typeof rec[k] === 'string' && rec[k]) return rec[k];
  }
  return null;
}

/** Every object on the page named by one query per kind of object, never one per row. */
async function titlesOf(db: Db, rows: AuditRow[]): Promise<(r: AuditRow) => string | undefined> {
  const idsByType = new Map<AuditEntityType, Set<number>>();
  for (const r of rows) {
    if (r.entity_id === null || !isAuditEntityType(r.entity_type)) continue;
    const ids = idsByType.get(r.entity_type) ?? new Set<number>();
    ids.add(r.entity_id);
    idsByType.set(r.entity_type, ids);
  }
  const byType = new Map<string, Map<number, string>>(await Promise.all([...idsByType].map(async ([type, ids]) => [type, await loadTitles(db, type, [...ids])] as const)));
  return (r) => (r.entity_id === null ? undefined : byType.get(r.entity_type)?.get(r.entity_id));
}

export async function listAudit(db: Db, f: AuditFilter): Promise<Page<AuditEntry>> {
  const { page, nextCursor } = pageOf(await auditRows(db, f), f.limit, (last) => String(last.id));
  const titleOf = await titlesOf(db, page);
  return {
    data: page.map((r) => {
      const before = parseJson(r.before_json);
      const after = parseJson(r.after_json);
      return {
        id: r.id,
        at: r.at,
        userId: r.user_id,
        username: r.username,
        orgId: r.org_id,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        entityTitle: titleOf(r) ?? snapshotTitle(before, after),
        before,
        after,
        ip: r.ip,
        requestId: r.request_id,
      };
    }),
    nextCursor,
  };
}

export async function listLogins(db: Db, f: LoginFilter): Promise<Page<LoginEntry>> {
  const { page, nextCursor } = pageOf(await loginRows(db, f), f.limit, (last) => String(last.id));
  return {
    data: page.map((r) => ({ id: r.id, at: r.at, username: r.username, ip: r.ip, userAgent: r.user_agent, success: r.success === 1, reason: r.reason })),
    nextCursor,
  };
}
