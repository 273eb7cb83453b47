import dayjs, { type Dayjs } from 'dayjs';
import { zItemCreate, zItemForm, zItemPatch, type Category, type Item, type ItemCreate, type ItemForm, type ItemPatch, type ItemStatus } from '../../../domain/items.js';
import { zodProblems, type FieldProblem } from '../../components/form-errors';
import { t } from '../../app/i18n';

/** What the antd form holds: dates as dayjs, empty number inputs as null. */
export interface ItemFormValues {
  title: string;
  content: string;
  category: Category;
  domain: string | undefined;
  responsible: string;
  deadline: Dayjs | null;
  ongoing: boolean;
  fundingWan: number | null;
  status: ItemStatus;
  progress: number | null;
  sortOrder: number | null;
  leadUnitId: number | null;
  coUnitIds: number[];
}

export const ITEM_FORM_FIELDS = [
  'title',
  'content',
  'category',
  'domain',
  'responsible',
  'deadline',
  'ongoing',
  'fundingWan',
  'status',
  'progress',
  'sortOrder',
  'leadUnitId',
  'coUnitIds',
] as const satisfies readonly (keyof ItemFormValues)[];

/** The server may name units by their text fields; the form edits them by id. */
export const ITEM_FIELD_ALIASES: Record<string, string> = { leadUnit: 'leadUnitId', coUnits: 'coUnitIds' };

export function itemToFormValues(item: Item): ItemFormValues {
  return {
    title: item.title,
    content: item.content,
    category: item.category,
    domain: item.domain,
    responsible: item.responsible,
    deadline: item.deadline ? dayjs(item.deadline) : null,
    ongoing: item.ongoing,
    fundingWan: item.fundingWan,
    status: item.status,
    progress: item.progress,
    sortOrder: item.sortOrder,
    leadUnitId: item.leadUnitId,
    coUnitIds: item.coUnitIds,
  };
}

export function emptyFormValues(category: Category): ItemFormValues {
  return {
    title: '',
    content: '',
    category,
    domain: undefined,
    responsible: '',
    deadline: null,
    ongoing: false,
    fundingWan: null,
    status: 'not_started',
    progress: 0,
    sortOrder: null,
    leadUnitId: null,
    coUnitIds: [],
  };
}

/** Form values in the API's shape, before validation (so Zod reports what is missing). */
function toInput(v: Partial<ItemFormValues>) {
  return {
    title: v.title ?? '',
    content: v.content ?? '',
    category: v.category,
    domain: v.domain,
    responsible: v.responsible ?? '',
    deadline: v.ongoing ? null : v.deadline ? v.deadline.format('YYYY-MM-DD') : null,
    ongoing: Boolean(v.ongoing),
    fundingWan: v.fundingWan ?? null,
    status: v.status,
    progress: v.progress ?? undefined,
    sortOrder: v.sortOrder ?? undefined,
    leadUnitId: v.leadUnitId ?? null,
    coUnitIds: v.coUnitIds ?? [],
  };
}

/** Rules that span fields; the server checks them too, with the same words. */
function crossFieldProblems(f: { leadUnitId: number | null; coUnitIds: number[] }): FieldProblem[] {
  if (f.leadUnitId !== null && f.coUnitIds.includes(f.leadUnitId)) return [{ field: 'coUnitIds', message: t('牵头单位不能同时是配合单位') }];
  return [];
}

type Checked<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

/** A new item: the server's own request schema (sort order may stay empty: the item goes last). */
export function checkCreate(v: Partial<ItemFormValues>): Checked<ItemCreate> {
  const parsed = zItemCreate.safeParse(toInput(v));
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error) };
  const cross = crossFieldProblems({ leadUnitId: parsed.data.leadUnitId ?? null, coUnitIds: parsed.data.coUnitIds ?? [] });
  return cross.length ? { ok: false, problems: cross } : { ok: true, value: parsed.data };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    const sa = (a as unknown[]).map(String).sort();
    const sb = (b as unknown[]).map(String).sort();
    return sa.length === sb.length && sa.every((x, i) => x === sb[i]);
  }
  return a === b;
}

/**
 * An edit: the whole form against zItemForm, then only the changed fields go out as a zItemPatch
 * with the version being edited. Returns null when nothing changed.
 */
export function checkUpdate(v: Partial<ItemFormValues>, item: Item): Checked<ItemPatch | null> {
  const parsed = zItemForm.safeParse(toInput(v));
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error) };
  const form: ItemForm = parsed.data;
  const cross = crossFieldProblems(form);
  if (cross.length) return { ok: false, problems: cross };
  const current = itemAsForm(item);
  const changed = Object.fromEntries((Object.keys(form) as (keyof ItemForm)[]).filter((k) => !sameValue(form[k], current[k])).map((k) => [k, form[k]]));
  if (Object.keys(changed).length === 0) return { ok: true, value: null };
  const patch = zItemPatch.safeParse({ ...changed, version: item.version });
  if (!patch.success) return { ok: false, problems: zodProblems(patch.error) };
  return { ok: true, value: patch.data };
}

function itemAsForm(item: Item): ItemForm {
  return {
    title: item.title,
    content: item.content,
    category: item.category,
    domain: item.domain,
    responsible: item.responsible,
    deadline: item.deadline,
    ongoing: item.ongoing,
    fundingWan: item.fundingWan,
    status: item.status,
    progress: item.progress,
    sortOrder: item.sortOrder,
    leadUnitId: item.leadUnitId,
    coUnitIds: item.coUnitIds,
  };
}
