import type sanitizeHtml from 'sanitize-html';
import { onFirstUse } from '../../platform/on-first-use.js';

/**
 * The minutes as rich text, reduced to what a document needs: paragraphs, emphasis, lists, small
 * headings, quotes, tables and http(s) links. Scripts, styles, event attributes and every other
 * tag or scheme are dropped.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'u', 'ol', 'ul', 'li', 'h3', 'h4', 'blockquote', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a'],
  allowedAttributes: { a: ['href'] },
  allowedSchemes: ['http', 'https'],
  allowedSchemesByTag: {},
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Browsers' own editing commands write <b> and <i>; keep their meaning.
  transformTags: { b: 'strong', i: 'em' },
  // Blank paragraphs left behind by the editor carry nothing.
  exclusiveFilter: (frame) => frame.tag === 'p' && !frame.text.trim(),
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'iframe', 'object'],
};

// sanitize-html brings htmlparser2 and postcss (some 15 MiB resident): loaded by the first rich text written.
const sanitizer = onFirstUse(async () => (await import('sanitize-html')).default);

export async function sanitizeMinutes(html: string): Promise<string> {
  return (await sanitizer())(html, OPTIONS).trim();
}
