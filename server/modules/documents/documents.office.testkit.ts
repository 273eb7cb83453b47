// Opening generated files the way a clerk does: LibreOffice prints them to PDF, poppler reads the
// words back with their boxes and rasterises pages, and the tests measure what is on the paper.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export const PT_PER_MM = 72 / 25.4;

/** The office suite on this machine, if any. */
export const office = ['soffice', 'libreoffice'].find((bin) => {
  try {
    execFileSync('which', [bin], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});

/**
 * The fonts the documents name are rarely installed on a build machine; these stand-ins have the
 * same full-width CJK metrics, so positions measured with them are the ones an office machine
 * prints. 小标宋 is a heavy 宋体, hence the bold serif. Only Noto's regular and bold are installed,
 * so 楷体 takes the bold sans: not its look, but a face of its own, so that a test can tell the
 * second heading level (楷体) from the first (黑体) and the body (仿宋).
 */
const STAND_INS: [string[], string, 'regular' | 'bold'][] = [
  [['仿宋_GB2312', '仿宋', 'FangSong', '宋体', 'SimSun'], 'Noto Serif CJK SC', 'regular'],
  [['楷体_GB2312', '楷体', 'KaiTi'], 'Noto Sans CJK SC', 'bold'],
  [['黑体', 'SimHei'], 'Noto Sans CJK SC', 'regular'],
  [['方正小标宋简体'], 'Noto Serif CJK SC', 'bold'],
];

function fontsConf(): string {
  const matches = STAND_INS.flatMap(([names, family, weight]) =>
    names.map(
      (n) =>
        `<match target="pattern"><test name="family"><string>${n}</string></test>` +
        `<edit name="family" mode="assign" binding="strong"><string>${family}</string></edit>` +
        (weight === 'bold' ? '<edit name="weight" mode="assign"><const>bold</const></edit>' : '') +
        '</match>',
    ),
  );
  return `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>${matches.join('')}</fontconfig>`;
}

/**
 * Converts files to PDF in `dir`. The office runs with a profile and a user font configuration of
 * its own in `dir`, so it neither meets another running office nor depends on the machine's settings.
 */
export function convertToPdf(dir: string, files: string[]): string[] {
  const home = path.join(dir, 'home');
  fs.mkdirSync(path.join(home, '.config', 'fontconfig'), { recursive: true });
  fs.writeFileSync(path.join(home, '.config', 'fontconfig', 'fonts.conf'), fontsConf());
  execFileSync(office!, [`-env:UserInstallation=file://${path.join(dir, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, ...files], {
    timeout: 170_000,
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') },
    stdio: 'ignore',
  });
  return files.map((f) => path.join(dir, `${path.basename(f, path.extname(f))}.pdf`));
}

/** A line of text on a page, its box in millimetres from the page's top left corner. */
export interface TextLine {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Its words (runs of text without a gap), each with its box. */
  words: { text: string; x0: number; y0: number; x1: number; y1: number }[];
}

export interface PdfPage {
  /** 1-based. */
  number: number;
  width: number;
  height: number;
  lines: TextLine[];
  text: string;
}

const mmOf = (pt: string) => Number(pt) / PT_PER_MM;
const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** Every page's lines with their boxes, from poppler's own layout analysis. */
export function readPdf(pdf: string): PdfPage[] {
  const html = execFileSync('pdftotext', ['-bbox-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const box = (attrs: string) => {
    const v = (n: string) => mmOf(new RegExp(`${n}="([^"]+)"`).exec(attrs)![1]);
    return { x0: v('xMin'), y0: v('yMin'), x1: v('xMax'), y1: v('yMax') };
  };
  return [...html.matchAll(/<page width="([^"]+)" height="([^"]+)">([\s\S]*?)<\/page>/g)].map((m, i) => {
    const lines = [...m[3].matchAll(/<line ([^>]*)>([\s\S]*?)<\/line>/g)].map((l) => {
      const words = [...l[2].matchAll(/<word ([^>]*)>([^<]*)<\/word>/g)].map((w) => ({ text: unescapeXml(w[2]), ...box(w[1]) }));
      return { text: words.map((w) => w.text).join(' '), words, ...box(l[1]) };
    });
    lines.sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
    return { number: i + 1, width: mmOf(m[1]), height: mmOf(m[2]), lines, text: lines.map((l) => l.text).join('\n') };
  });
}

/** The first line whose text (spaces removed) contains `needle`; fails loudly when there is none. */
export function lineWith(pages: PdfPage[], needle: string): TextLine & { page: number } {
  for (const p of pages) {
    const l = p.lines.find((x) => x.text.replace(/\s+/g, '').includes(needle));
    if (l) return { ...l, page: p.number };
  }
  throw new Error(`no line with “${needle}” in:\n${pages.map((p) => p.text).join('\n---\n')}`);
}

/** A horizontal rule found in a rasterised page: its top and bottom edge and its extent, in millimetres. */
export interface Rule {
  y0: number;
  y1: number;
  x0: number;
  x1: number;
  colour: 'red' | 'black';
}

const DPI = 150;
const rasters = new Map<string, { width: number; height: number; data: Buffer }>();

/** A page as 150 dpi RGB pixels, rendered once per page and kept for the other measures. */
function raster(pdf: string, page: number) {
  const key = `${pdf}#${page}`;
  let r = rasters.get(key);
  if (!r) {
    const ppm = execFileSync('pdftoppm', ['-r', String(DPI), '-f', String(page), '-l', String(page), pdf], { maxBuffer: 256 << 20 });
    const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'))!;
    r = { width: Number(header[1]), height: Number(header[2]), data: ppm.subarray(header[0].length) };
    rasters.set(key, r);
  }
  return r;
}

const isInk = (colour: 'red' | 'black', r: number, g: number, b: number) => (colour === 'red' ? r > 160 && g < 110 && b < 110 : r < 110 && g < 110 && b < 110);

/** The box of all ink of a colour between two heights (mm from the page's top), or null where there is none. */
export function inkBox(pdf: string, page: number, colour: 'red' | 'black', from = 0, to = 1e9): { top: number; bottom: number; left: number; right: number } | null {
  const { width, height, data } = raster(pdf, page);
  const px = 25.4 / DPI;
  let box: { top: number; bottom: number; left: number; right: number } | null = null;
  for (let y = Math.max(0, Math.floor(from / px)); y < Math.min(height, Math.ceil(to / px)); y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      if (!isInk(colour, data[o], data[o + 1], data[o + 2])) continue;
      if (!box) box = { top: y * px, bottom: (y + 1) * px, left: x * px, right: (x + 1) * px };
      else {
        box.bottom = (y + 1) * px;
        box.left = Math.min(box.left, x * px);
        box.right = Math.max(box.right, (x + 1) * px);
      }
    }
  }
  return box;
}

/**
 * The horizontal rules of a page: runs of ink at least `minLength` mm long on a pixel row, with
 * consecutive rows of the same run merged into one rule. Text never makes such long runs.
 */
export function rulesOf(pdf: string, page: number, minLength = 40): Rule[] {
  const { width, height, data: ppm } = raster(pdf, page);
  let p = 0;
  const px = 25.4 / DPI;
  const rows: { y: number; x0: number; x1: number; colour: Rule['colour'] }[] = [];
  for (let y = 0; y < height; y++, p += width * 3) {
    for (const colour of ['red', 'black'] as const) {
      let best = { len: 0, x0: 0 };
      let run = 0;
      for (let x = 0; x <= width; x++) {
        const o = p + x * 3;
        const [r, g, b] = x < width ? [ppm[o], ppm[o + 1], ppm[o + 2]] : [255, 255, 255];
        const ink = isInk(colour, r, g, b);
        if (ink) run++;
        else {
          if (run > best.len) best = { len: run, x0: x - run };
          run = 0;
        }
      }
      if (best.len * px >= minLength) rows.push({ y, x0: best.x0, x1: best.x0 + best.len, colour });
    }
  }
  const rules: Rule[] = [];
  for (const r of rows) {
    const last = rules.find((x) => x.colour === r.colour && Math.abs(x.y1 - r.y * px) < px * 1.5 && Math.abs(x.x0 - r.x0 * px) < 1);
    if (last) last.y1 = (r.y + 1) * px;
    else rules.push({ y0: r.y * px, y1: (r.y + 1) * px, x0: r.x0 * px, x1: r.x1 * px, colour: r.colour });
  }
  return rules;
}

/** The topmost ink of a colour on a page, in millimetres from the top edge. */
export function inkTop(pdf: string, page: number, colour: Rule['colour']): number | null {
  return inkBox(pdf, page, colour)?.top ?? null;
}

/** Writes each page as a PNG beside the PDF (name-1.png, name-2.png …), for a person to look at. */
export function pagesToPng(pdf: string, dpi = 60): void {
  execFileSync('pdftoppm', ['-png', '-r', String(dpi), pdf, pdf.replace(/\.pdf$/, '')]);
}

/**
 * The font families and sizes poppler sees, with the text drawn in each. `family` carries the
 * subset's prefix (BAAAAA+…), which tells apart two weights of one family; `bold` is poppler's own
 * reading of the weight.
 */
export function textFonts(pdf: string): { page: number; size: number; family: string; colour: string; bold: boolean; text: string }[] {
  const xml = execFileSync('pdftohtml', ['-xml', '-i', '-stdout', '-zoom', '1', pdf], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const specs = new Map(
    [...xml.matchAll(/<fontspec id="(\d+)" size="([^"]+)" family="([^"]*)" color="([^"]+)"\/>/g)].map((m) => [m[1], { size: Number(m[2]), family: m[3], colour: m[4] }]),
  );
  const out: { page: number; size: number; family: string; colour: string; bold: boolean; text: string }[] = [];
  for (const pg of xml.matchAll(/<page number="(\d+)"[\s\S]*?<\/page>/g)) {
    for (const t of pg[0].matchAll(/<text [^>]*font="(\d+)"[^>]*>([\s\S]*?)<\/text>/g)) {
      const spec = specs.get(t[1])!;
      out.push({ page: Number(pg[1]), ...spec, bold: /<b>/.test(t[2]), text: unescapeXml(t[2].replace(/<[^>]+>/g, '')) });
    }
  }
  return out;
}

/** A PNG with the CRC32 chunks PNG needs; zlib does the compression. */
function png(width: number, height: number, rgb: Buffer): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) rgb.copy(raw, y * (width * 3 + 1) + 1, y * width * 3, (y + 1) * width * 3);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/**
 * All pages of a PDF side by side on one PNG (`cols` to a row, a grey gap between), so a person can
 * judge a whole document at a glance; returns the PNG's path.
 */
export function contactSheet(pdf: string, cols = 4, dpi = 40): string {
  const out = pdf.replace(/\.pdf$/, '-sheet.png');
  const prefix = pdf.replace(/\.pdf$/, '-sheet');
  execFileSync('pdftoppm', ['-r', String(dpi), pdf, prefix]);
  const files = fs
    .readdirSync(path.dirname(pdf))
    .filter((f) => f.startsWith(path.basename(prefix) + '-') && f.endsWith('.ppm'))
    .sort((a, b) => Number(/-(\d+)\.ppm$/.exec(a)![1]) - Number(/-(\d+)\.ppm$/.exec(b)![1]));
  const pages = files.map((f) => {
    const buf = fs.readFileSync(path.join(path.dirname(pdf), f));
    fs.rmSync(path.join(path.dirname(pdf), f));
    const h = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(buf.subarray(0, 40).toString('latin1'))!;
    return { w: Number(h[1]), h: Number(h[2]), data: buf.subarray(h[0].length) };
  });
  const gap = 6;
  const cellW = Math.max(...pages.map((p) => p.w)) + gap;
  const cellH = Math.max(...pages.map((p) => p.h)) + gap;
  const rows = Math.ceil(pages.length / cols);
  const width = cellW * Math.min(cols, pages.length) + gap;
  const height = cellH * rows + gap;
  const rgb = Buffer.alloc(width * height * 3, 0x88);
  pages.forEach((p, i) => {
    const ox = gap + (i % cols) * cellW;
    const oy = gap + Math.floor(i / cols) * cellH;
    for (let y = 0; y < p.h; y++) p.data.copy(rgb, ((oy + y) * width + ox) * 3, y * p.w * 3, (y + 1) * p.w * 3);
  });
  fs.writeFileSync(out, png(width, height, rgb));
  return out;
}
