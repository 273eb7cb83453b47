// The server as `npm start` runs it: its TypeScript (server/, domain/) compiled by esbuild into one
// JavaScript module, its packages left in node_modules. Run from source through tsx, the same server
// held some 60 MiB more (the compiler hooks, every file's transformed text and source map) and
// started slower; the bundle is rebuilt only when a file it was built from has changed.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const outdir = path.join(root, 'dist/server');
const main = path.join(outdir, 'main.mjs');
const inputsFile = path.join(outdir, 'inputs.json');

/**
 * Node's flags for the server process (package.json's start script passes the same). A young
 * generation of at most 8 MiB a half instead of 16: under the peer bench's 16 connections the
 * server's peak resident set fell from about 200 MiB to about 155 MiB, with no CPU per request
 * lost that the bench could tell apart from noise. The old generation's growth the server bounds
 * itself (server/platform/heap.ts), so that `npm start` needs no flag for it.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=8'];

/** True when the bundle is missing, or this script or a source it was built from changed (or went) since. */
function stale() {
  if (!fs.existsSync(main) || !fs.existsSync(inputsFile)) return true;
  const { startedAt, inputs } = JSON.parse(fs.readFileSync(inputsFile, 'utf8'));
  return [...inputs, path.relative(root, import.meta.filename)].some((f) => {
    const p = path.join(root, f);
    return !fs.existsSync(p) || fs.statSync(p).mtimeMs >= startedAt;
  });
}

/** Builds the bundle when stale and returns the path of its entry point (dist/server/main.mjs). */
export async function serverBundle() {
  if (!stale()) return main;
  const esbuild = await import('esbuild');
  // A source saved while the build reads the others is newer than this, so the next start builds again.
  const startedAt = Date.now();
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { main: 'server/main.ts' },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    // What the server imports on first use (on-first-use.ts) goes into chunks of its own, so that
    // the packages only they import (exceljs, docx) are not loaded at start with the rest. Chunks
    // are named by content and never deleted: an instance still running the previous build may yet
    // import one of its own. They sit beside the entry point.
    splitting: true,
    chunkNames: '[name]-[hash]',
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  // esbuild's service process would otherwise live on beside the server it built.
  await esbuild.stop();
  fs.mkdirSync(outdir, { recursive: true });
  // Several instances may start at once: each writes whole files under a name of its own, then renames.
  const put = (file, contents) => {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, contents);
    fs.renameSync(tmp, file);
  };
  for (const f of result.outputFiles) put(f.path, f.contents);
  // Written last: a bundle without it counts as stale.
  put(inputsFile, JSON.stringify({ startedAt, inputs: Object.keys(result.metafile.inputs) }));
  return main;
}
