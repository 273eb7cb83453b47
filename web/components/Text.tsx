import type { CSSProperties, ReactNode } from 'react';

/*
 * Headings and text for the frame and the first screens, styled like antd's Typography (app.css).
 * Typography measures every ellipsis with a resize observer and a tooltip; these use CSS and the
 * native title, and keep it out of the first download. Other pages use Typography.
 */

export function Heading({ level, children, style }: { level: 3 | 4 | 5; children: ReactNode; style?: CSSProperties }) {
  const Tag = `h${level}` as const;
  return (
    <Tag className={`hs-h hs-h${level}`} style={style}>
      {children}
    </Tag>
  );
}

export function Text({
  strong,
  secondary,
  ellipsis,
  className,
  children,
}: {
  strong?: boolean;
  secondary?: boolean;
  /** Cut to one line; the whole text (a string) shows on hover. */
  ellipsis?: boolean;
  className?: string;
  children: ReactNode;
}) {
  const classes = ['hs-text', strong && 'hs-text-strong', secondary && 'hs-text-secondary', ellipsis && 'hs-text-ellipsis', className].filter(Boolean).join(' ');
  return (
    <span className={classes} title={ellipsis && typeof children === 'string' ? children : undefined}>
      {children}
    </span>
  );
}
