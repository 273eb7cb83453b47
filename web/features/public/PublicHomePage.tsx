import { useEffect } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Card, Progress, Skeleton, Tag } from 'antd';
import type { PublicConsultationSummary } from '../../../domain/publication.js';
import { chinaDate } from '../../../domain/dates.js';
import { t } from '../../app/i18n';
import { CONSULTATION_STATUS_LABEL, formatDateCn } from '../../app/labels';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { usePublicHome, usePublicUpdates } from './public.api';
import { PublicUpdates } from './PublicUpdates';

function ConsultationCard({ c }: { c: PublicConsultationSummary }) {
  const p = c.progress;
  return (
    <Card size="small" data-testid="public-consultation-card" title={<Link to={`/public/consultations/${c.id}`}>{c.title}</Link>}>
      <div className="pub-meta">
        {t('{host} 与 {partners}', { host: c.hostOrg, partners: c.partnerOrgs.join('、') })}
        <br />
        {t('{year}年', { year: c.year })} · {CONSULTATION_STATUS_LABEL[c.status]} · {t('公开于{date}', { date: formatDateCn(chinaDate(c.publishedAt)) })}
      </div>
      <Progress percent={p.completionRate} size="small" aria-label={t('完成率')} />
      <div className="pub-meta">{t('议定事项{total}项，已办结{completed}项', { total: p.total, completed: p.completed })}</div>
      {c.keywords.length > 0 && (
        <div style={{ marginTop: 8 }}>
          {c.keywords.map((k) => (
            <Tag key={k}>
              <Link to={`/public?keyword=${encodeURIComponent(k)}`}>{k}</Link>
            </Tag>
          ))}
        </div>
      )}
    </Card>
  );
}

/** /public: what the bureau has published, with keywords to narrow it and the latest updates. */
export function PublicHomePage() {
  const [params, setParams] = useSearchParams();
  const keyword = params.get('keyword') ?? undefined;
  const home = usePublicHome(keyword);
  const updates = usePublicUpdates();

  useEffect(() => {
    document.title = t('会商公开信息');
  }, []);

  if (home.error) return <QueryErrorResult error={home.error} onRetry={() => void home.refetch()} />;
  if (!home.data) return <Skeleton active />;
  const { consultations, keywords } = home.data;

  return (
    <div>
      <h1 className="pub-title">{t('会商公开信息')}</h1>
      <div className="pub-meta">{t('市科技局与各县（区）政府议定的科技会商事项及其落实情况。')}</div>
      {keywords.length > 0 && (
        <div className="pub-section" data-testid="public-keywords">
          <span className="pub-meta">{t('关键词：')}</span>
          <Tag.CheckableTag checked={!keyword} onChange={() => setParams({})}>
            {t('全部')}
          </Tag.CheckableTag>
          {keywords.map((k) => (
            <Tag.CheckableTag key={k} checked={keyword === k} onChange={(on) => setParams(on ? { keyword: k } : {})}>
              {k}
            </Tag.CheckableTag>
          ))}
        </div>
      )}
      <section className="pub-section">
        <h2>{t('公开的会商')}</h2>
        {consultations.length ? (
          <div className="pub-grid">
            {consultations.map((c) => (
              <ConsultationCard key={c.id} c={c} />
            ))}
          </div>
        ) : (
          <div className="pub-meta">{t('暂无公开的会商')}</div>
        )}
      </section>
      <section className="pub-section">
        <h2>{t('最新动态')}</h2>
        {updates.data ? <PublicUpdates updates={updates.data.data} showConsultation max={12} /> : <Skeleton active paragraph={{ rows: 3 }} />}
      </section>
    </div>
  );
}
