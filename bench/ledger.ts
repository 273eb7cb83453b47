// The ledger at its row limit, through the real HTTP API: the import of a 10,000-row workbook in the
// office layout (upload → preview → commit, until the rows are committed) and the export of the
// consultation it fills, against the targets of 3 s and 2 s.
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { systemClock } from '../server/platform/clock.js';
import { migrateToLatest, openDatabase } from '../server/platform/db.js';
import { seedDemo } from '../server/db/seeds/demo.seed.js';

const root = path.resolve(import.meta.dirname, '..');
const SAMPLE = path.join(root, 'server/modules/ledger/fixtures/ledger-wangcang-2024.xlsx');
export const LEDGER_ROWS = 10_000;
const IMPORT_TARGET_S = 3;
const EXPORT_TARGET_S = 2;

type Cell = ExcelJS.CellValue;

/**
 * A ledger of `rows` rows with values (the import's per-sheet limit), built from the sample's own
 * sheet: its title and 填报 lines merged across, its header, a section heading per category with the
 * count, numbered rows that restart in each section, the sample's mix of deadline and funding forms,
 * and the signature line at the end. Titles carry a number so every row is a new item.
 */
export async function bigLedger(rows = LEDGER_ROWS): Promise<Buffer> {
  const sample = new ExcelJS.Workbook();
  await sample.xlsx.readFile(SAMPLE);
  const src = sample.worksheets[0];
  const values = (r: number) => (src.getRow(r).values as Cell[]).slice(1);
  const width = src.columnCount;
  // The sample's layout: lines 1–2 title and 填报, 4 the header, then per category a heading and ten items.
  const header = values(4);
  const sections: { heading: string; items: Cell[][] }[] = [];
  for (let r = 5; r <= src.rowCount; r++) {
    const v = values(r);
    const text = String(v[0] ?? '');
    if (/^[一二三]、/.test(text)) sections.push({ heading: text, items: [] });
    else if (typeof v[0] === 'number' && sections.length) sections[sections.length - 1].items.push(v);
  }
  const signature = values(src.rowCount);
  // Title, 填报, header, three headings and the signature line are rows with values too.
  const itemRows = rows - 3 - sections.length - 1;
  const per = Math.floor(itemRows / sections.length);

  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(src.name);
  ws.columns = src.columns.map((c) => ({ width: c.width }));
  ws.addRow([values(1)[0]]);
  ws.mergeCells(1, 1, 1, width);
  ws.addRow([values(2)[0]]);
  ws.mergeCells(2, 1, 2, width);
  ws.addRow([]);
  ws.addRow(header);
  sections.forEach((s, si) => {
    const n = si === sections.length - 1 ? itemRows - per * (sections.length - 1) : per;
    const heading = ws.addRow([s.heading.replace(/（\d+项）/, `（${n}项）`)]);
    ws.mergeCells(heading.number, 1, heading.number, width);
    for (let i = 0; i < n; i++) {
      const [, title, ...rest] = s.items[i % s.items.length];
      ws.addRow([i + 1, `${String(title)}（第${si + 1}-${i + 1}项）`, ...rest]);
    }
  });
  ws.addRow([]);
  ws.addRow([signature[0]]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
const verdict = (ms: number, target: number) => (ms <= target * 1000 ? 'met' : 'not met');

/** One database: the demo data, the app listening on a port, the import timed, then the export. */
export async function benchLedger(url: string, label: string, workbook: Buffer): Promise<void> {
  const handle = openDatabase(url);
  await migrateToLatest(handle.db);
  const now = new Date();
  const seeded = await seedDemo(handle.db, { password: 'Bench@Passw0rd', now: now.toISOString(), today: now.toISOString().slice(0, 10) });
  const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0', WEB_DIST: '/nonexistent', JOBS: 'off' });
  const app = await buildApp({ db: handle.db, clock: systemClock(), config });
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/api/v1`;
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'city.coord', password: 'Bench@Passw0rd' } });
    const { csrfToken } = login.json() as { csrfToken: string };
    const cookie = String(login.headers['set-cookie']).split(';')[0];
    const tok = await app.inject({ method: 'POST', url: '/api/v1/me/tokens', headers: { cookie, 'x-csrf-token': csrfToken }, payload: { name: 'bench' } });
    const auth = { authorization: `Bearer ${(tok.json() as { token: string }).token}` };
    // 苍溪's list is still open, so every row of the ledger may add an item.
    const consultation = seeded.consultations.cangxi;
    const countItems = async () =>
      Number(
        (
          await handle.db
            .selectFrom('items')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('consultation_id', '=', consultation)
            .where('deleted_at', 'is', null)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await countItems();

    // The server runs in this process: its CPU time (every thread) is the figure the machine's other
    // work does not stretch, beside the wall-clock time the targets are about.
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(workbook)], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), '苍溪台账.xlsx');
    const up = await fetch(`${base}/consultations/${consultation}/ledger-imports`, { method: 'POST', body: form, headers: auth });
    const preview = (await up.json()) as { id: number; blocked: boolean; counts: { add: number }; rows: unknown[]; problems: unknown[] };
    if (up.status !== 201) throw new Error(`ledger upload answered ${up.status}: ${JSON.stringify(preview).slice(0, 500)}`);
    const tPreview = performance.now();
    if (preview.blocked) throw new Error(`the bench ledger's preview is blocked: ${JSON.stringify(preview.problems.slice(0, 5))}`);
    const commit = await fetch(`${base}/ledger-imports/${preview.id}/commit`, { method: 'POST', body: '{}', headers: { ...auth, 'content-type': 'application/json' } });
    const result = (await commit.json()) as { added: number };
    if (commit.status !== 200) throw new Error(`ledger commit answered ${commit.status}: ${JSON.stringify(result).slice(0, 500)}`);
    const tImport = performance.now() - t0;
    const cpuImport = process.cpuUsage(cpu0);
    const after = await countItems();
    if (result.added !== preview.counts.add || after - before !== result.added) {
      throw new Error(`the commit reported ${result.added} added of ${preview.counts.add} previewed, the list grew by ${after - before}`);
    }

    const exports: number[] = [];
    const exportCpu: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 3; i++) {
      const c = process.cpuUsage();
      const t = performance.now();
      const res = await fetch(`${base}/consultations/${consultation}/ledger.xlsx`, { headers: auth });
      const body = Buffer.from(await res.arrayBuffer());
      if (res.status !== 200 || body.readUInt32LE(0) !== 0x04034b50) throw new Error(`ledger export answered ${res.status}`);
      exports.push(performance.now() - t);
      exportCpu.push(cpuMs(process.cpuUsage(c)));
      bytes = body.length;
    }
    const exportMs = [...exports].sort((a, b) => a - b)[1];
    const exportCpuMs = [...exportCpu].sort((a, b) => a - b)[1];

    process.stdout.write(
      `\n[${label}] ledger at ${LEDGER_ROWS.toLocaleString('en')} rows (${(workbook.length / 1024).toFixed(0)} KB workbook, ${preview.rows.length.toLocaleString('en')} items), through HTTP; load average ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} cores\n` +
        `  import, upload to rows committed: ${seconds(tImport)} (upload + preview ${seconds(tPreview - t0)}, commit ${seconds(tImport - (tPreview - t0))}; app CPU ${seconds(cpuMs(cpuImport))}; target ≤ ${IMPORT_TARGET_S} s: ${verdict(tImport, IMPORT_TARGET_S)})\n` +
        `  export of the ${after.toLocaleString('en')}-item consultation: ${seconds(exportMs)} median of ${exports.map((ms) => seconds(ms)).join(', ')} (app CPU ${seconds(exportCpuMs)}; ${(bytes / 1024).toFixed(0)} KB; target ≤ ${EXPORT_TARGET_S} s: ${verdict(exportMs, EXPORT_TARGET_S)})\n`,
    );
  } finally {
    await app.close();
    await handle.close();
  }
}
