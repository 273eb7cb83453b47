import type { HTMLAttributes, ReactNode } from 'react';

/**
 * A titled box for the first screens (login, home). antd's Card imports Tabs for its tab strip,
 * which alone added a tenth to the first download; these screens never use tabs.
 */
export function Panel({
  title,
  extra,
  hoverable,
  className,
  children,
  ...rest
}: { title?: ReactNode; extra?: ReactNode; hoverable?: boolean; children?: ReactNode } & Omit<HTMLAttributes<HTMLDivElement>, 'title'>) {
  return (
    <div className={['hs-panel', hoverable ? 'hs-panel-hoverable' : '', className ?? ''].join(' ').trim()} {...rest}>
      {(title || extra) && (
        <div className="hs-panel-head">
          <div className="hs-panel-title">{title}</div>
          {extra && <div className="hs-panel-extra">{extra}</div>}
        </div>
      )}
      <div className="hs-panel-body">{children}</div>
    </div>
  );
}
