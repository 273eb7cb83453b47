// The worker thread that reads an uploaded workbook (see readWorkbook in ledger.reader.ts). It is
// plain JavaScript so that it starts the same way under every runner. In the bundle `npm start` runs
// (scripts/server-bundle.mjs), the TypeScript below is already compiled into this file; run from
// source (tests, `npm run dev`), it is loaded through tsx.
/* global HUISHANG_BUNDLED */
import { parentPort, workerData } from 'node:worker_threads';

if (typeof HUISHANG_BUNDLED === 'undefined') (await import('tsx/esm/api')).register();
const { gridsOf } = await import('./ledger.grids.ts');
const { buf, maxRows } = workerData;
try {
  const done = await gridsOf(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength), maxRows, (d, t) => parentPort.postMessage({ progress: [d, t] }));
  parentPort.postMessage({ done });
} catch (err) {
  const known = err && typeof err === 'object' && 'code' in err && 'status' in err;
  parentPort.postMessage({
    error: known ? { code: err.code, message: err.message } : { code: 'LEDGER_CORRUPT', message: 'Excel 文件已损坏或不完整（无法读取工作簿内容），请重新保存后再上传' },
  });
}
