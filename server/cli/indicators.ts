import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { WorkbookProblem } from '../../domain/indicator-workbook.js';
import { ROLE_PERMISSIONS, type Permission, type Role } from '../../domain/roles.js';
import { loadConfig, type Config } from '../config.js';
import { loadAuditKey, setAuditKey } from '../platform/audit-chain.js';
import { pinnedDayClock, systemClock } from '../platform/clock.js';
import { migrateToLatest, openDatabase } from '../platform/db.js';
import type { Deps } from '../platform/deps.js';
import { AppError } from '../platform/errors.js';
import { loadActor } from '../platform/session.js';
import { allCounties, commitIndicatorImport, exportComparison, exportCountyTable, parseIndicatorFile } from '../modules/indicators/indicators.workbook.js';
import type { CliIo } from './io.js';

/**
 * `huishang indicators import|export`: a county's yearly indicator workbook in, the county's table or
 * the comparison of counties out. The parse needs the catalogue and the counties, so even a dry run
 * opens the database (it writes nothing).
 */

export const INDICATORS_HELP = `  indicators import FILE [--county CODE] [--sheet NAME] [--dry-run] [--json] [--user USERNAME]
                                          导入县域指标工作簿（.xlsx）：按填报单位或标题确定县（--county 指定区划代码），
                                          --dry-run 只解析不写入；写入时全部写入或全部不写，以 --user（默认该县联络员）记入审计
  indicators export (--county CODE | --year YYYY) [--out FILE] [--user USERNAME]
                                          导出一个县（区）的指标表，或某年度各县（区）的对比（.xlsx）`;

class UsageError extends Error {}

async function withDeps<T>(config: Config, fn: (deps: Deps) => Promise<T>): Promise<T> {
  // A commit is audited, and every audit row is a link of the chain.
  setAuditKey(loadAuditKey(config));
  const { db, close } = openDatabase(config.DATABASE_URL);
  try {
    await migrateToLatest(db);
    return await fn({ db, clock: config.HUISHANG_TODAY ? pinnedDayClock(config.HUISHANG_TODAY) : systemClock(), config });
  } finally {
    await close();
  }
}

const rolesWith = (p: Permission) => (Object.entries(ROLE_PERMISSIONS) as [Role, readonly Permission[]][]).filter(([, ps]) => ps.includes(p)).map(([r]) => r);

/** The user the command acts as: the one named, or the first active holder of `permission` at or under `underPath`. */
async function actingUser(deps: Deps, username: string | undefined, permission: Permission, underPath: string | null, what: string) {
  let userId: number | undefined;
  if (username) {
    userId = (await deps.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst())?.id;
    if (!userId) throw new UsageError(`用户 ${username} 不存在`);
  } else {
    let q = deps.db
      .selectFrom('user_roles as r')
      .innerJoin('organisations as o', 'o.id', 'r.org_id')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select('u.id')
      .where('r.role', 'in', rolesWith(permission))
      .where('u.status', '=', 'active');
    if (underPath) q = q.where('o.path', 'like', `${underPath}%`);
    userId = (await q.orderBy('u.id').executeTakeFirst())?.id;
    if (!userId) throw new UsageError(`没有可用的${what}账号，请用 --user 指定`);
  }
  const actor = await loadActor(deps.db, userId, 'token', null);
  if (!actor) throw new UsageError('账号不可用');
  return { actor, ip: '127.0.0.1', requestId: `cli-indicators-${Date.now()}` };
}

function printProblems(out: (s: string) => void, problems: { cell: string; message: string }[]) {
  if (!problems.length) return;
  out(`问题 ${problems.length} 处：`);
  for (const p of problems) out(`  ${p.cell === 'county' ? '--county' : p.cell}：${p.message}`);
}

async function runImport(args: string[], io: CliIo, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const { values: o, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      county: { type: 'string' },
      sheet: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      user: { type: 'string' },
    },
  });
  const file = positionals[0];
  if (!file) throw new UsageError('缺少指标工作簿：huishang indicators import FILE');
  if (o.county !== undefined && !/^\d{6}$/.test(o.county)) throw new UsageError('--county 应为 6 位行政区划代码，如 510821');
  let buffer: Buffer;
  try {
    buffer = fs.readFileSync(file);
  } catch {
    throw new UsageError(`无法读取文件 ${file}`);
  }
  return withDeps(loadConfig(io.env), async (deps) => {
    const { parsed } = await parseIndicatorFile(deps, buffer, { county: o.county, sheet: o.sheet });
    const report = (problems: Pick<WorkbookProblem, 'cell' | 'code' | 'message'>[], extra: object = {}) => ({
      county: parsed.county,
      values: parsed.values.map(({ indicator, year, value }) => ({ indicator, year, value })),
      problems: problems.map(({ cell, code, message }) => ({ cell, code, message })),
      ...extra,
    });
    if (o['dry-run']) {
      if (o.json) out(JSON.stringify(report(parsed.problems)));
      else {
        out(
          `工作表：${parsed.sheet ?? '—'}，县（区）：${parsed.county ? `${parsed.county.name}（${parsed.county.code}）` : '未确定'}，年度：${parsed.years.join('、') || '—'}，数值 ${parsed.values.length} 个`,
        );
        for (const v of parsed.values) out(`  ${v.cell} ${v.indicator} ${v.year}年 ${v.value}`);
        printProblems(out, parsed.problems);
      }
      return 0;
    }
    if (!parsed.county) {
      if (o.json) out(JSON.stringify(report(parsed.problems)));
      printProblems(err, parsed.problems);
      throw new AppError('UNPROCESSABLE', '无法确定工作簿属于哪个县（区），请用 --county 指定，未写入任何数据');
    }
    const county = (await allCounties(deps.db)).find((c) => c.code === parsed.county!.code)!;
    const countyPath = (await deps.db.selectFrom('organisations').select('path').where('id', '=', county.id).executeTakeFirstOrThrow()).path;
    const ctx = await actingUser(deps, o.user, 'indicator.enter', countyPath, `${county.name}联络员`);
    try {
      const result = await commitIndicatorImport(deps, ctx, { filename: path.basename(file), buffer }, { county: o.county, sheet: o.sheet });
      if (o.json) out(JSON.stringify(report([], { years: result.years, written: result.written, skipped: result.skipped })));
      else {
        out(`已导入${result.county.name} ${result.years.join('、')} 年的指标：写入 ${result.written} 个数值（各年度为草稿，待县联络员提交审核）`);
        if (result.skipped.length) out(`  ${result.skipped.join('、')} 年已提交或已审核，未改动（如需更正，请市局退回）`);
      }
      return 0;
    } catch (e) {
      if (e instanceof AppError && Array.isArray(e.details)) {
        const problems = (e.details as { field: string; code?: string; message: string }[]).map((d) => ({ cell: d.field, code: d.code ?? e.code, message: d.message }));
        if (o.json) out(JSON.stringify(report(problems as WorkbookProblem[])));
        printProblems(err, problems);
      }
      throw e;
    }
  });
}

async function runExport(args: string[], io: CliIo, out: (s: string) => void) {
  const { values: o } = parseArgs({ args, options: { county: { type: 'string' }, year: { type: 'string' }, out: { type: 'string' }, user: { type: 'string' } } });
  if ((o.county === undefined) === (o.year === undefined)) throw new UsageError('请指定 --county CODE（一个县的指标表）或 --year YYYY（各县对比）之一');
  if (o.county !== undefined && !/^\d{6}$/.test(o.county)) throw new UsageError('--county 应为 6 位行政区划代码');
  if (o.year !== undefined && !/^\d{4}$/.test(o.year)) throw new UsageError('--year 应为四位年份');
  await withDeps(loadConfig(io.env), async (deps) => {
    // The city bureau sees every county of the city: the reviewer's view is the default.
    const ctx = await actingUser(deps, o.user, 'indicator.review', null, '市级指标审核');
    const file = o.county ? await exportCountyTable(deps, ctx.actor, o.county) : await exportComparison(deps, ctx.actor, Number(o.year));
    const target = o.out ?? file.filename;
    fs.writeFileSync(target, file.buffer);
    out(`已导出：${target}`);
  });
}

/** Runs one indicators command; resolves to the process exit code. */
export async function runIndicatorsCommand(sub: string | undefined, args: string[], io: CliIo): Promise<number> {
  const out = (s: string) => io.stdout(`${s}\n`);
  const err = (s: string) => io.stderr(`${s}\n`);
  try {
    if (sub === 'import') return await runImport(args, io, out, err);
    if (sub === 'export') {
      await runExport(args, io, out);
      return 0;
    }
    throw new UsageError(`用法 / usage:\n${INDICATORS_HELP}`);
  } catch (e) {
    if (e instanceof AppError) {
      err(`指标${sub === 'export' ? '无法导出' : '无法导入'}（${e.code}）：${e.message}`);
      return 2;
    }
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err((e as Error).message);
      return 2;
    }
    throw e;
  }
}
