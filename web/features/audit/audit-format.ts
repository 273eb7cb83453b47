import type { Org } from '../../../domain/organisations.js';
import { AUDIT_ACTION_LABEL, AUDIT_ENTITY_TYPE_LABEL, CATEGORY_LABEL, CONSULTATION_STATUS_LABEL, ITEM_STATUS_LABEL, ORG_KIND_LABEL, ROLE_LABEL } from '../../app/labels';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES, type AuditAction, type AuditEntityType, type AuditEntry } from '../../../domain/audit.js';
import { USER_STATUS_LABEL } from '../users/user-labels';
import { t } from '../../app/i18n';

/** The audit rows keep the server's field names and codes; these tables turn them into words. */
const FIELD_LABEL: Record<string, string> = {
  title: t('名称'),
  content: t('内容'),
  category: t('类别'),
  domain: t('领域'),
  leadUnitId: t('牵头单位'),
  coUnitIds: t('配合单位'),
  responsible: t('责任人'),
  deadline: t('完成时限'),
  ongoing: t('长期推进'),
  fundingWan: t('资金（万元）'),
  progress: t('进度（%）'),
  sortOrder: t('排序'),
  year: t('年度'),
  theme: t('主题'),
  hostOrgId: t('发起方'),
  partnerOrgIds: t('会商方'),
  name: t('名称'),
  shortName: t('简称'),
  kind: t('类型'),
  parentId: t('上级组织'),
  divisionCode: t('行政区划代码'),
  username: t('用户名'),
  displayName: t('姓名'),
  org: t('所属单位'),
  orgId: t('所属单位'),
  phone: t('电话'),
  email: t('电子邮箱'),
  roles: t('角色'),
  lockedUntil: t('锁定至'),
  lastLoginAt: t('最近登录'),
  value: t('存储值'),
  label: t('显示名称'),
  enabled: t('启用'),
  expiresAt: t('到期时间'),
  path: t('层级路径'),
};

/** Bookkeeping that changes with every write and says nothing to a reader. */
const HIDDEN = new Set(['version', 'id', 'createdAt', 'updatedAt', 'dictType', 'consultationId']);

const ORG_FIELDS = new Set(['leadUnitId', 'parentId', 'hostOrgId', 'orgId']);
const ORG_LIST_FIELDS = new Set(['coUnitIds', 'partnerOrgIds']);

export function actionLabel(action: string): string {
  return (AUDIT_ACTIONS as readonly string[]).includes(action) ? AUDIT_ACTION_LABEL[action as AuditAction] : action;
}

export function entityLabel(type: string): string {
  return (AUDIT_ENTITY_TYPES as readonly string[]).includes(type) ? AUDIT_ENTITY_TYPE_LABEL[type as AuditEntityType] : type;
}

/** The 对象 filter offers every kind the server records, from the same table the column reads. */
export const ENTITY_TYPE_OPTIONS = AUDIT_ENTITY_TYPES.map((value) => ({ value, label: AUDIT_ENTITY_TYPE_LABEL[value] }));

/**
 * The 对象 column: 进展报告 · 建设猕猴桃产业研究院 · 2026年第三季度. Only an object that is gone and
 * left no name in its snapshot falls back to its id.
 */
export function entityText(e: Pick<AuditEntry, 'entityType' | 'entityId' | 'entityTitle'>): string {
  const label = entityLabel(e.entityType);
  if (e.entityTitle) return `${label} · ${e.entityTitle}`;
  return e.entityId !== null ? `${label} #${e.entityId}` : label;
}

export function fieldLabel(key: string): string {
  return FIELD_LABEL[key] ?? key;
}

function statusLabel(entityType: string, v: string): string {
  const table: Record<string, Record<string, string>> = {
    item: ITEM_STATUS_LABEL,
    consultation: CONSULTATION_STATUS_LABEL,
    user: USER_STATUS_LABEL,
  };
  return table[entityType]?.[v] ?? v;
}

export function formatValue(entityType: string, key: string, v: unknown, orgs: Map<number, Org>): string {
  if (v === null || v === undefined || v === '') return '—';
  const orgName = (id: unknown) => (typeof id === 'number' ? (orgs.get(id)?.name ?? t('组织 #{id}', { id })) : String(id));
  if (ORG_FIELDS.has(key)) return orgName(v);
  if (ORG_LIST_FIELDS.has(key) && Array.isArray(v)) return v.length ? v.map(orgName).join('、') : '—';
  if (key === 'status' && typeof v === 'string') return statusLabel(entityType, v);
  if (key === 'category' && typeof v === 'string') return CATEGORY_LABEL[v as keyof typeof CATEGORY_LABEL] ?? v;
  if (key === 'kind' && typeof v === 'string') return ORG_KIND_LABEL[v as keyof typeof ORG_KIND_LABEL] ?? v;
  if (key === 'org' && typeof v === 'object' && 'name' in v && typeof v.name === 'string') return v.name;
  if (key === 'roles' && Array.isArray(v)) {
    if (v.length === 0) return t('无');
    return v.map((r: { role?: string; orgName?: string }) => `${ROLE_LABEL[r.role as keyof typeof ROLE_LABEL] ?? r.role}${r.orgName ? `（${r.orgName}）` : ''}`).join('、');
  }
  if (typeof v === 'boolean') return v ? t('是') : t('否');
  if (Array.isArray(v)) return v.map((x: unknown) => (typeof x === 'string' || typeof x === 'number' ? String(x) : JSON.stringify(x))).join('、');
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  return JSON.stringify(v);
}

export interface DiffRow {
  key: string;
  field: string;
  before: string;
  after: string;
  changed: boolean;
}

function asRecord(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** Before and after side by side, one row per field either side mentions. */
export function diffRows(entityType: string, before: unknown, after: unknown, orgs: Map<number, Org>): DiffRow[] {
  const b = asRecord(before);
  const a = asRecord(after);
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !HIDDEN.has(k));
  return keys.map((k) => {
    const bv = k in b ? formatValue(entityType, k, b[k], orgs) : '';
    const av = k in a ? formatValue(entityType, k, a[k], orgs) : '';
    return { key: k, field: fieldLabel(k), before: bv, after: av, changed: JSON.stringify(b[k]) !== JSON.stringify(a[k]) };
  });
}

export const LOGIN_REASON_LABEL: Record<string, string> = {
  unknown_user: t('用户名不存在'),
  bad_password: t('密码错误'),
  bad_password_locked: t('密码错误，账号已锁定'),
  locked: t('账号锁定中'),
  disabled: t('账号已停用'),
};
