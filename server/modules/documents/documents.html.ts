/**
 * Meeting minutes are stored as the small, sanitised HTML the editor writes (see meetings.sanitize.ts);
 * a document needs them as official paragraphs. The parser is the one sanitize-html itself uses.
 */
import { Parser } from 'htmlparser2';
import { chineseNumber } from '../../../domain/labels.js';
import { heading, para, type Block, type Span } from './documents.layout.js';
import { table } from './documents.tables.js';

interface ListState {
  ordered: boolean;
  n: number;
}

/**
 * Turns the minutes' HTML into body paragraphs, headings, list lines and tables. The minutes sit
 * under a first-level heading of the document (二、会议内容), so their h3 become the second level
 * 「（一）」 in 楷体 and their h4 the third 「1.」 in bold 仿宋, numbered as they come (GB/T 9704 7.3.3).
 */
export function htmlToBlocks(html: string): Block[] {
  const out: Block[] = [];
  let h3 = 0;
  let h4 = 0;
  let spans: Span[] = [];
  let kind: 'p' | 'h3' | 'h4' = 'p';
  let bold = 0;
  let italics = 0;
  let underline = 0;
  const lists: ListState[] = [];
  let prefix = '';
  let rows: string[][] | null = null;
  let row: string[] | null = null;
  let cellText: string | null = null;

  const flush = () => {
    const text = spans.map((s) => s.text).join('');
    if (text.trim()) {
      const trimmed = trimSpans(spans);
      if (kind === 'p') out.push(para(prefix ? [prefix, ...trimmed] : trimmed));
      else {
        const text = trimmed.map((s) => s.text).join('');
        if (kind === 'h3') {
          h4 = 0;
          out.push(heading(`（${chineseNumber(++h3)}）${text}`, 2));
        } else out.push(heading(`${++h4}.${text}`, 3));
      }
    }
    spans = [];
    kind = 'p';
    prefix = '';
  };

  const parser = new Parser(
    {
      onopentag(name) {
        if (cellText !== null && name !== 'br') return;
        switch (name) {
          case 'p':
          case 'blockquote':
            flush();
            break;
          case 'h3':
          case 'h4':
            flush();
            kind = name;
            break;
          case 'br':
            if (cellText !== null) cellText += '\n';
            else flush();
            break;
          case 'strong':
            bold++;
            break;
          case 'em':
            italics++;
            break;
          case 'u':
            underline++;
            break;
          case 'ol':
          case 'ul':
            flush();
            lists.push({ ordered: name === 'ol', n: 0 });
            break;
          case 'li': {
            flush();
            const list = lists[lists.length - 1];
            if (list) {
              list.n++;
              prefix = list.ordered ? `${list.n}．` : '· ';
            }
            break;
          }
          case 'table':
            flush();
            rows = [];
            break;
          case 'tr':
            row = [];
            break;
          case 'td':
          case 'th':
            cellText = '';
            break;
        }
      },
      ontext(text) {
        const t = text.replace(/\s+/g, ' ');
        if (cellText !== null) {
          cellText += t;
          return;
        }
        if (rows) return;
        spans.push({ text: t, bold: bold > 0 || undefined, italics: italics > 0 || undefined, underline: underline > 0 || undefined });
      },
      onclosetag(name) {
        switch (name) {
          case 'strong':
            bold = Math.max(0, bold - 1);
            break;
          case 'em':
            italics = Math.max(0, italics - 1);
            break;
          case 'u':
            underline = Math.max(0, underline - 1);
            break;
          case 'td':
          case 'th':
            if (row && cellText !== null) row.push(cellText.trim());
            cellText = null;
            break;
          case 'tr':
            if (rows && row?.length) rows.push(row);
            row = null;
            break;
          case 'table':
            if (rows?.length) out.push(htmlTable(rows));
            rows = null;
            break;
          case 'ol':
          case 'ul':
            flush();
            lists.pop();
            break;
          case 'p':
          case 'li':
          case 'h3':
          case 'h4':
          case 'blockquote':
            flush();
            break;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  flush();
  return out;
}

function trimSpans(spans: Span[]): Span[] {
  const out = spans.map((s) => ({ ...s }));
  if (out.length) out[0].text = out[0].text.replace(/^\s+/, '');
  if (out.length) out[out.length - 1].text = out[out.length - 1].text.replace(/\s+$/, '');
  return out.filter((s) => s.text !== '');
}

/** An HTML table in the minutes: its first row is taken as the header, as editors write them. */
function htmlTable(rows: string[][]): Block {
  const width = Math.max(...rows.map((r) => r.length));
  const pad = (r: string[]) => [...r, ...Array<string>(width - r.length).fill('')];
  const [head, ...body] = rows.map(pad);
  return table(
    head.map((h) => ({ header: h, width: 1, align: 'left' as const })),
    body,
  );
}

/** The text of stored HTML with the tags removed, for one-line summaries in tables. */
export function htmlToText(html: string): string {
  let text = '';
  const parser = new Parser(
    {
      ontext(t) {
        text += t;
      },
      onopentag(name) {
        if (name === 'p' || name === 'li' || name === 'br') text += ' ';
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return text.replace(/\s+/g, ' ').trim();
}
