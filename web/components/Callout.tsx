import type { CSSProperties, ReactNode } from 'react';
import { CloseCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import { t } from '../app/i18n';

/**
 * A boxed message (a refused login, data that could not load), drawn like antd's Alert. The
 * first screens show it, so it is kept to markup and app.css rather than Alert and its motion.
 */
export function Callout({
  type,
  title,
  description,
  action,
  style,
  testId,
}: {
  type: 'error' | 'warning';
  title: ReactNode;
  description?: ReactNode;
  action?: ReactNode;
  style?: CSSProperties;
  testId?: string;
}) {
  const Icon = type === 'error' ? CloseCircleFilled : ExclamationCircleFilled;
  return (
    <div role="alert" className={`hs-callout hs-callout-${type}${description ? ' hs-callout-with-description' : ''}`} style={style} data-testid={testId}>
      <Icon className="hs-callout-icon" />
      <div className="hs-callout-content">
        <div className="hs-callout-title">{title}</div>
        {description && <div className="hs-callout-description">{description}</div>}
      </div>
      {action && <div className="hs-callout-action">{action}</div>}
    </div>
  );
}

/** What a block shows while its data loads: grey lines where the text will be. */
export function LoadingLines({ lines = 4 }: { lines?: number }) {
  return (
    <div className="hs-loading" aria-busy="true" aria-label={t('加载中')}>
      {Array.from({ length: lines }, (_, i) => (
        <div key={i} className="hs-loading-line" style={{ width: i === 0 ? '38%' : i === lines - 1 ? '61%' : '100%' }} />
      ))}
    </div>
  );
}
