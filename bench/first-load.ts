// What a browser downloads for the first visit (the login page, then the home page), from the
// build's manifest: the entry, the home page's chunk, everything they import, and their CSS,
// counted as sent (the build's .gz and .br copies) and raw.
import fs from 'node:fs';
import path from 'node:path';

interface Chunk {
  file: string;
  imports?: string[];
  css?: string[];
}

export interface FirstLoad {
  files: number;
  raw: number;
  gzip: number;
  brotli: number;
  /** The scripts alone, gzip (what the 300 KB budget is about), and the stylesheets. */
  jsGzip: number;
  cssGzip: number;
}

/** Login + home, scripts as sent gzip-compressed: at most this. */
export const FIRST_LOAD_JS_BUDGET = 300 * 1024;

const PAGES = ['index.html', 'features/home/HomePage.tsx'];

export function firstLoad(dist: string): FirstLoad {
  const manifest = JSON.parse(fs.readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8')) as Record<string, Chunk>;
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const dep of chunk.imports ?? []) visit(dep);
  };
  for (const page of PAGES) visit(page);
  // A file too small to be worth compressing is sent as it is.
  const size = (file: string, ext: string) => {
    const p = path.join(dist, file + ext);
    return fs.existsSync(p) ? fs.statSync(p).size : fs.statSync(path.join(dist, file)).size;
  };
  const sum = (ext: string, only?: string) => [...files].filter((f) => !only || f.endsWith(only)).reduce((n, f) => n + size(f, ext), 0);
  return { files: files.size, raw: sum(''), gzip: sum('.gz'), brotli: sum('.br'), jsGzip: sum('.gz', '.js'), cssGzip: sum('.gz', '.css') };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = firstLoad(path.resolve(import.meta.dirname, '../web/dist'));
  process.stdout.write(`${JSON.stringify(r)}\n`);
}
