import { Link } from 'react-router';
import type { PublicUpdate } from '../../../domain/publication.js';
import { t } from '../../app/i18n';
import { CATEGORY_LABEL, formatDateCn } from '../../app/labels';

function sentence(u: PublicUpdate): string {
  if (u.kind === 'completed') return t('“{item}”已办结', { item: u.itemTitle ?? '' });
  if (u.kind === 'progress') return t('“{item}”进展经审核，累计完成约{percent}%', { item: u.itemTitle ?? '', percent: u.percent ?? 0 });
  return t('议定事项清单公开发布');
}

/** 最新动态: short news lines, newest first. */
export function PublicUpdates({ updates, showConsultation, max }: { updates: PublicUpdate[]; showConsultation: boolean; max: number }) {
  if (!updates.length) return <div className="pub-meta">{t('暂无动态')}</div>;
  return (
    <ul className="pub-updates" data-testid="public-updates">
      {updates.slice(0, max).map((u, i) => (
        <li key={`${u.kind}-${u.itemId ?? u.consultationId}-${i}`}>
          <time dateTime={u.on}>{formatDateCn(u.on)}</time>
          <div>
            {u.category && <span className="pub-meta">[{CATEGORY_LABEL[u.category]}] </span>}
            {sentence(u)}
            {showConsultation && (
              <div className="pub-meta">
                <Link to={`/public/consultations/${u.consultationId}`}>{u.consultationTitle}</Link>
              </div>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}
