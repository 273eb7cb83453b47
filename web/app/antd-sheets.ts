/**
 * antd's static stylesheet (its zero-runtime mode) is one 1 MB sheet, 105 KB gzipped: alone a third
 * of what a county office's slow link should download before the home page shows. It is cut in
 * two at build time: the components the login page, the frame and the home page draw, sent with
 * the entry, and the rest, fetched with the first other page. The browser journeys check that the
 * first screens draw nothing outside the first sheet, so the list cannot silently fall behind.
 */

/** Components (first segment of their `ant-` class) that login, the frame and the home page draw. */
export const FIRST_SCREEN_COMPONENTS: readonly string[] = [
  'app',
  'btn',
  'col',
  'empty',
  'flex',
  'input',
  'layout',
  'menu',
  'message',
  'popover',
  'row',
  'scroll',
  'space',
  'spin',
  'tag',
  'tooltip',
  'wave',
  'zoom',
  'slide',
  'fade',
  'move',
];

/** The component an `ant-` class belongs to: `ant-btn-primary` → `btn`; anything else → null. */
export function componentOfClass(cls: string): string | null {
  const m = /^ant-([a-z]+)/.exec(cls);
  return m ? m[1]! : null;
}

/** Top-level rules (at-rules whole), in order. antd's sheet has no braces inside strings. */
function topLevelBlocks(css: string): string[] {
  const blocks: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < css.length; i++) {
    const ch = css[i];
    if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) {
      blocks.push(css.slice(start, i + 1));
      start = i + 1;
    }
  }
  return blocks;
}

/**
 * Splits the sheet by the component each rule is written for (its first `ant-` class). Rules for
 * no component (keyframes, resets) go first: they are small and any screen may need them.
 */
export function splitAntdCss(css: string, first: readonly string[] = FIRST_SCREEN_COMPONENTS): { first: string; rest: string } {
  const wanted = new Set(first);
  const a: string[] = [];
  const b: string[] = [];
  for (const block of topLevelBlocks(css)) {
    const m = /\.(ant-[a-z][a-z-]*)/.exec(block);
    const component = m ? componentOfClass(m[1]!) : null;
    (component === null || wanted.has(component) ? a : b).push(block);
  }
  return { first: a.join('\n'), rest: b.join('\n') };
}
