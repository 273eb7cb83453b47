import type { Sheet, SheetSave, SubmissionStatus } from '../../../domain/indicators.js';
import { CALCULATIONS, changePp, FIRST_INDICATOR_YEAR, growthPct, isJump } from '../../../domain/indicators.js';
import type { Actor, RequestContext } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Db, Tx } from '../../platform/db.js';
import type { Deps } from '../../platform/deps.js';
import { AppError, forbidden, notFound, versionConflict } from '../../platform/errors.js';
import * as repo from './indicators.repo.js';
import { countyByCode, mayEnter, mayReview, visibleCounties, type ScopedCounty } from './indicators.scope.js';

// A county's figures for a year live on one sheet, reviewed like a progress report:
// draft → submitted → accepted, or returned (with the reason) → corrected → submitted again.

const EDITABLE: readonly SubmissionStatus[] = ['draft', 'returned'];

async function loadSheetView(db: Db | Tx, actor: Actor, county: ScopedCounty, year: number): Promise<Sheet> {
  const [sheet, cat, settings] = [await repo.sheetOf(db, county.id, year), await repo.catalogue(db, { activeOnly: true }), await repo.settings(db)];
  const entered = sheet ? await repo.enteredValues(db, sheet.id) : [];
  const byCode = new Map(entered.map((e) => [e.indicator_code, e]));
  const values = repo.withFinality(
    Object.fromEntries(entered.map((e) => [e.indicator_code, e.value === null ? null : Number(e.value)])),
    Object.fromEntries(entered.map((e) => [e.indicator_code, e.final === 1])),
  );
  const previous = (await repo.published(db, [county.id], year - 1)).get(county.id)?.get(year - 1) ?? {};
  const [enter, review] = [await mayEnter(db, actor, county), await mayReview(db, actor, county)];
  // A draft is the county's own: to everyone else the year is simply not submitted yet.
  const hidden = !enter && sheet?.status === 'draft';
  const status = (hidden ? null : (sheet?.status ?? null)) as SubmissionStatus | null;
  const people = sheet?.reviewed_by ? await db.selectFrom('users').select('display_name').where('id', '=', sheet.reviewed_by).executeTakeFirst() : undefined;
  return {
    county: { id: county.id, name: county.name, divisionCode: county.divisionCode },
    year,
    status,
    returnReason: sheet?.return_reason ?? null,
    submittedAt: sheet?.submitted_at ?? null,
    reviewedAt: sheet?.reviewed_at ?? null,
    reviewedBy: people?.display_name ?? null,
    version: hidden ? 0 : (sheet?.version ?? 0),
    jumpPct: Number(settings.jump_pct),
    lines: cat.map((ind) => {
      const e = hidden ? undefined : byCode.get(ind.code);
      const f = hidden ? undefined : values[ind.code];
      const prev = previous[ind.code]?.value ?? null;
      const value = f?.value ?? null;
      return {
        indicator: ind.code,
        value,
        computed: f?.computed ?? false,
        final: e?.final === 1,
        note: e?.note ?? '',
        previous: prev,
        growthPct: growthPct(value, prev),
        changePp: changePp(ind.unit, value, prev),
        enteredBy: e?.display_name ?? null,
        enteredAt: e?.entered_at ?? null,
        sourceDept: ind.sourceDept,
        evidenceId: e?.evidence_id ?? null,
      };
    }),
    can: {
      edit: enter && (status === null || EDITABLE.includes(status)),
      submit: enter && status !== null && EDITABLE.includes(status) && entered.length > 0,
      review: review && status === 'submitted',
      reopen: review && status === 'accepted',
    },
  };
}

export async function getSheet(deps: Deps, actor: Actor, division: string, year: number): Promise<Sheet> {
  const county = await countyByCode(deps.db, actor, division);
  return loadSheetView(deps.db, actor, county, year);
}

function assertYear(deps: Deps, year: number, field = 'body.year') {
  const current = Number(deps.clock.today().slice(0, 4));
  if (year < FIRST_INDICATOR_YEAR || year > current) {
    throw new AppError('INDICATOR_YEAR_INVALID', `统计年度须在 ${FIRST_INDICATOR_YEAR}–${current} 年之间`, [{ field, message: `不能晚于 ${current} 年` }]);
  }
}

/**
 * Checks every value before anything is written: known indicator, not a computed one whose inputs are
 * given, not negative where it cannot be, and a note where it moved further than the threshold.
 */
async function checkValues(db: Db | Tx, county: ScopedCounty, year: number, values: SheetSave['values'], path: string) {
  const cat = new Map((await repo.catalogue(db, { activeOnly: true })).map((c) => [c.code, c]));
  const jump = Number((await repo.settings(db)).jump_pct);
  const previous = (await repo.published(db, [county.id], year - 1)).get(county.id)?.get(year - 1) ?? {};
  const problems: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  values.forEach((v, i) => {
    const ind = cat.get(v.indicator);
    const at = `${path}.${i}`;
    if (!ind) return problems.push({ field: `${at}.indicator`, message: `未知指标 ${v.indicator}` });
    if (seen.has(v.indicator)) return problems.push({ field: `${at}.indicator`, message: `${ind.name}重复填报` });
    seen.add(v.indicator);
    if (v.value !== null && ind.nonNegative && v.value < 0) return problems.push({ field: `${at}.value`, message: `${ind.name}不能为负数` });
    if (v.value !== null && isJump(v.value, previous[v.indicator]?.value ?? null, jump) && !v.note) {
      problems.push({ field: `${at}.note`, message: `${ind.name}与上年相比变化超过 ${jump}%，请说明原因` });
    }
  });
  if (problems.length) {
    const code = problems.some((p) => p.message.startsWith('未知指标'))
      ? 'UNKNOWN_INDICATOR'
      : problems.every((p) => p.field.endsWith('.note'))
        ? 'INDICATOR_NOTE_REQUIRED'
        : 'INDICATOR_VALUE_INVALID';
    throw new AppError(code, problems[0].message, problems);
  }
}

/** Writes the given values onto the county-year's sheet (creating it), with history; the caller's transaction. */
async function writeValues(
  tx: Tx,
  ctx: RequestContext,
  county: ScopedCounty,
  year: number,
  version: number,
  values: SheetSave['values'],
  action: 'entered' | 'imported',
  now: string,
) {
  let sheet = await repo.sheetOf(tx, county.id, year);
  if ((sheet?.version ?? 0) !== version) throw versionConflict();
  if (sheet && !EDITABLE.includes(sheet.status as SubmissionStatus)) {
    throw new AppError('INVALID_TRANSITION', sheet.status === 'submitted' ? '已提交审核，审核前不能修改' : '已审核通过，不能再修改');
  }
  if (!sheet) {
    await tx
      .insertInto('indicator_sheets')
      .values({
        county_id: county.id,
        year,
        status: 'draft',
        return_reason: null,
        submitted_by: null,
        submitted_at: null,
        reviewed_by: null,
        reviewed_at: null,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
    sheet = (await repo.sheetOf(tx, county.id, year))!;
  } else {
    const res = await tx
      .updateTable('indicator_sheets')
      .set({ version: sheet.version + 1, updated_at: now })
      .where('id', '=', sheet.id)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw versionConflict();
  }
  const before = new Map((await repo.enteredValues(tx, sheet.id)).map((e) => [e.indicator_code, e]));
  const changed: typeof values = [];
  for (const v of values) {
    // A computed indicator with both inputs on the sheet is never stored as typed: it is worked out.
    const old = before.get(v.indicator);
    const same =
      old &&
      (old.value === null ? null : Number(old.value)) === v.value &&
      (old.final === 1) === v.final &&
      old.note === v.note &&
      (old.evidence_id ?? null) === (v.evidenceId ?? null);
    if (same) continue;
    changed.push(v);
    await tx.deleteFrom('indicator_values').where('sheet_id', '=', sheet.id).where('indicator_code', '=', v.indicator).execute();
    await tx
      .insertInto('indicator_values')
      .values({
        sheet_id: sheet.id,
        indicator_code: v.indicator,
        value: v.value,
        final: v.final ? 1 : 0,
        note: v.note,
        evidence_id: v.evidenceId ?? null,
        entered_by: ctx.actor.userId,
        entered_at: now,
      })
      .execute();
    await tx
      .insertInto('indicator_value_history')
      .values({ sheet_id: sheet.id, indicator_code: v.indicator, value: v.value, final: v.final ? 1 : 0, note: v.note, action, user_id: ctx.actor.userId, at: now })
      .execute();
  }
  await recordAudit(tx, ctx, now, {
    action: action === 'imported' ? 'indicator.sheet_import' : 'indicator.sheet_save',
    entityType: 'indicator_sheet',
    entityId: sheet.id,
    after: { county: county.divisionCode, year, changed: changed.map((c) => ({ indicator: c.indicator, value: c.value })) },
  });
  return changed.length;
}

export async function saveSheet(deps: Deps, ctx: RequestContext, input: SheetSave): Promise<Sheet> {
  const county = await countyByCode(deps.db, ctx.actor, input.division);
  if (!(await mayEnter(deps.db, ctx.actor, county))) throw forbidden('只有本县（区）的联络员可以填报本县指标');
  assertYear(deps, input.year);
  await checkValues(deps.db, county, input.year, input.values, 'body.values');
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute((tx) => writeValues(tx, ctx, county, input.year, input.version, input.values, 'entered', now));
  return loadSheetView(deps.db, ctx.actor, county, input.year);
}

async function transition(deps: Deps, ctx: RequestContext, input: { division: string; year: number; version: number }, step: 'submit' | 'accept' | 'return', reason = '') {
  const county = await countyByCode(deps.db, ctx.actor, input.division);
  const allowed = step === 'submit' ? await mayEnter(deps.db, ctx.actor, county) : await mayReview(deps.db, ctx.actor, county);
  if (!allowed) throw forbidden(step === 'submit' ? '只有本县（区）的联络员可以提交本县指标' : '只有上级科技主管部门可以审核指标');
  if (step === 'return' && !reason) throw new AppError('REASON_REQUIRED', '退回须说明理由', [{ field: 'body.reason', message: '请填写退回理由' }]);
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (tx) => {
    const sheet = await repo.sheetOf(tx, county.id, input.year);
    if (!sheet) throw notFound('指标填报');
    if (sheet.version !== input.version) throw versionConflict();
    const from = sheet.status as SubmissionStatus;
    // An accepted year can still be sent back (退回更正) when a figure proves wrong later: the
    // county corrects it and submits again, and the history keeps both decisions.
    const fromOk = step === 'submit' ? EDITABLE.includes(from) : step === 'accept' ? from === 'submitted' : from === 'submitted' || from === 'accepted';
    if (!fromOk) {
      throw new AppError(
        'INVALID_TRANSITION',
        step === 'submit' ? '该年度指标已提交或已审核' : step === 'accept' ? '只有待审核的填报可以审核通过' : '只有待审核或已通过的填报可以退回',
      );
    }
    if (step === 'submit') {
      const n = await tx
        .selectFrom('indicator_values')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('sheet_id', '=', sheet.id)
        .executeTakeFirstOrThrow();
      if (Number(n.n) === 0) throw new AppError('UNPROCESSABLE', '尚未填写任何指标，不能提交');
    }
    const status: SubmissionStatus = step === 'submit' ? 'submitted' : step === 'accept' ? 'accepted' : 'returned';
    const res = await tx
      .updateTable('indicator_sheets')
      .set({
        status,
        version: sheet.version + 1,
        updated_at: now,
        ...(step === 'submit'
          ? { submitted_by: ctx.actor.userId, submitted_at: now, return_reason: null }
          : { reviewed_by: ctx.actor.userId, reviewed_at: now, return_reason: step === 'return' ? reason : null }),
      })
      .where('id', '=', sheet.id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw versionConflict();
    await tx
      .insertInto('indicator_value_history')
      .values({ sheet_id: sheet.id, indicator_code: null, value: null, final: 0, note: reason, action: status, user_id: ctx.actor.userId, at: now })
      .execute();
    await recordAudit(tx, ctx, now, {
      action: step === 'submit' ? 'indicator.sheet_submit' : 'indicator.sheet_review',
      entityType: 'indicator_sheet',
      entityId: sheet.id,
      before: { status: from },
      after: { status, ...(reason ? { reason } : {}) },
    });
  });
  return loadSheetView(deps.db, ctx.actor, county, input.year);
}

export const submitSheet = (deps: Deps, ctx: RequestContext, input: { division: string; year: number; version: number }) => transition(deps, ctx, input, 'submit');

export const reviewSheet = (deps: Deps, ctx: RequestContext, input: { division: string; year: number; version: number; decision: 'accept' | 'return'; reason: string }) =>
  transition(deps, ctx, input, input.decision === 'accept' ? 'accept' : 'return', input.reason);

/** The sheets of the counties in scope: reviewers see what was submitted or decided, a county all of its own. */
export async function listSubmissions(deps: Deps, actor: Actor, q: { year?: number; status?: SubmissionStatus }) {
  const counties = await visibleCounties(deps.db, actor);
  const byId = new Map(counties.map((c) => [c.id, c]));
  let query = deps.db
    .selectFrom('indicator_sheets as s')
    .leftJoin('users as u', 'u.id', 's.submitted_by')
    .select(['s.id', 's.county_id', 's.year', 's.status', 's.submitted_at', 's.reviewed_at', 's.return_reason', 'u.display_name'])
    .select((eb) =>
      eb
        .selectFrom('indicator_values as v')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('v.sheet_id', '=', 's.id')
        .as('filled'),
    )
    .where('s.county_id', 'in', counties.length ? counties.map((c) => c.id) : [0])
    .orderBy('s.year', 'desc')
    .orderBy('s.county_id');
  if (q.year) query = query.where('s.year', '=', q.year);
  if (q.status) query = query.where('s.status', '=', q.status);
  const rows = await query.execute();
  // A draft shows only to its own county: at most one county is the caller's, found once.
  const enterable = new Set<number>();
  for (const c of counties.length === 1 ? counties : []) if (await mayEnter(deps.db, actor, c)) enterable.add(c.id);
  const own = [];
  for (const r of rows) {
    const county = byId.get(r.county_id)!;
    if (r.status === 'draft' && !enterable.has(county.id)) continue;
    own.push({
      county: { id: county.id, name: county.name, divisionCode: county.divisionCode },
      year: r.year,
      status: r.status as SubmissionStatus,
      filled: Number(r.filled ?? 0),
      submittedAt: r.submitted_at,
      submittedBy: r.display_name,
      reviewedAt: r.reviewed_at,
      returnReason: r.return_reason,
    });
  }
  return { data: own, nextCursor: null };
}

export async function sheetHistory(deps: Deps, actor: Actor, q: { division: string; year: number; indicator?: string }) {
  const county = await countyByCode(deps.db, actor, q.division);
  const sheet = await repo.sheetOf(deps.db, county.id, q.year);
  if (!sheet) return { data: [] };
  if (sheet.status === 'draft' && !(await mayEnter(deps.db, actor, county))) throw notFound('指标填报');
  let query = deps.db
    .selectFrom('indicator_value_history as h')
    .innerJoin('users as u', 'u.id', 'h.user_id')
    .select(['h.indicator_code', 'h.value', 'h.final', 'h.note', 'h.action', 'h.at', 'u.display_name'])
    .where('h.sheet_id', '=', sheet.id)
    .orderBy('h.id', 'desc');
  if (q.indicator) query = query.where((eb) => eb.or([eb('h.indicator_code', '=', q.indicator!), eb('h.indicator_code', 'is', null)]));
  return {
    data: (await query.execute()).map((h) => ({
      indicator: h.indicator_code ?? '',
      value: h.value === null ? null : Number(h.value),
      final: h.final === 1,
      note: h.note,
      action: h.action,
      by: h.display_name,
      at: h.at,
    })),
  };
}

/**
 * A batch of figures from a workbook, all or nothing: every value is checked first, then written on
 * the county-year sheets in one transaction, each sheet left as a draft for its county to submit.
 * Called by the workbook import (the upload's commit and the command line).
 */
export async function importIndicatorValues(
  deps: Deps,
  ctx: RequestContext,
  input: { divisionCode: string; values: { indicator: string; year: number; value: number | null; final?: boolean }[] },
): Promise<{ years: number[]; values: number }> {
  const county = await countyByCode(deps.db, ctx.actor, input.divisionCode);
  if (!(await mayEnter(deps.db, ctx.actor, county))) throw forbidden('只有本县（区）的联络员可以导入本县指标');
  const years = [...new Set(input.values.map((v) => v.year))].sort();
  const byYear = new Map(years.map((y) => [y, input.values.filter((v) => v.year === y && !(v.indicator in CALCULATIONS && v.value === null))]));
  for (const y of years) {
    assertYear(deps, y, 'values.year');
    // Big jumps against the previous year are for the county to explain on the sheet, not a reason to refuse a whole file.
    await checkValues(
      deps.db,
      county,
      y,
      byYear.get(y)!.map((v) => ({ indicator: v.indicator, value: v.value, final: false, note: '导入' })),
      `values.${y}`,
    );
  }
  const now = deps.clock.now().toISOString();
  let written = 0;
  await deps.db.transaction().execute(async (tx) => {
    for (const y of years) {
      const sheet = await repo.sheetOf(tx, county.id, y);
      // 年报 or 快报 as the workbook says (a 注 line such as “2023年数据为快报数”).
      const vals = byYear.get(y)!.map((v) => ({ indicator: v.indicator, value: v.value, final: v.final ?? false, note: '由工作簿导入' }));
      written += await writeValues(tx, ctx, county, y, sheet?.version ?? 0, vals, 'imported', now);
    }
  });
  return { years, values: written };
}
