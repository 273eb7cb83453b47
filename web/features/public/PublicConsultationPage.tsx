import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { Breadcrumb, Card, Progress, Skeleton, Tag } from 'antd';
import type { PublicConsultation, PublicItem } from '../../../domain/publication.js';
import { CATEGORIES, ITEM_STATUSES } from '../../../domain/items.js';
import { isApiError } from '../../app/api-client';
import { chinaDate } from '../../../domain/dates.js';
import { t } from '../../app/i18n';
import { CATEGORY_SECTION_LABEL, CONSULTATION_STATUS_LABEL, formatDateCn, ITEM_STATUS_LABEL, sectionHeading } from '../../app/labels';
import { Callout } from '../../components/Callout';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { usePublicConsultation } from './public.api';
import { PublicUpdates } from './PublicUpdates';

const STATUS_COLOR: Record<(typeof ITEM_STATUSES)[number], string> = {
  not_started: 'default',
  in_progress: 'processing',
  completed: 'success',
  delayed: 'error',
  cancelled: 'default',
};

function deadlineOf(i: PublicItem): string {
  if (i.ongoing) return t('长期');
  return i.deadline ? formatDateCn(i.deadline) : '—';
}

function ItemRow({ item, labelOf }: { item: PublicItem; labelOf: Map<string, string> }) {
  return (
    <div className="pub-item" data-testid="public-item">
      <div className="pub-item-head">
        <span className="pub-item-title">{item.title}</span>
        <Tag color={STATUS_COLOR[item.status]} style={{ marginInlineEnd: 0, flex: 'none' }}>
          {ITEM_STATUS_LABEL[item.status]}
        </Tag>
      </div>
      {item.content && item.content !== item.title && <div className="pub-item-body">{item.content}</div>}
      <div className="pub-meta">
        {t('牵头单位：{unit}', { unit: item.leadUnit ?? '—' })} · {t('完成时限：{deadline}', { deadline: deadlineOf(item) })} · {labelOf.get(item.domain) ?? item.domain}
      </div>
      {item.status !== 'completed' && item.status !== 'cancelled' && <Progress percent={item.progress} size="small" aria-label={t('进度')} />}
    </div>
  );
}

function CategoryProgress({ c }: { c: PublicConsultation['byCategory'][number] }) {
  return (
    <Card size="small" title={CATEGORY_SECTION_LABEL[c.category]} data-testid="public-category-progress">
      <Progress percent={c.completionRate} aria-label={t('完成率')} />
      <div className="pub-meta">
        {ITEM_STATUSES.filter((s) => c.byStatus[s] > 0)
          .map((s) => t('{status}{n}项', { status: ITEM_STATUS_LABEL[s], n: c.byStatus[s] }))
          .join(' · ')}
      </div>
    </Card>
  );
}

/** /public/consultations/:id: the agreed list by category, its progress, the closed-out items and the news. */
export function PublicConsultationPage() {
  const id = Number(useParams().id);
  const q = usePublicConsultation(id);

  useEffect(() => {
    if (q.data) document.title = q.data.title;
  }, [q.data]);

  if (q.error) {
    if (isApiError(q.error) && (q.error.status === 404 || q.error.status === 400)) {
      return <Callout type="warning" title={t('没有找到这项公开信息')} description={<Link to="/public">{t('返回公开信息首页')}</Link>} />;
    }
    return <QueryErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  }
  if (!q.data) return <Skeleton active />;
  const c = q.data;
  const labelOf = new Map(c.domains.map((d) => [d.value, d.label]));
  const completed = c.items.filter((i) => i.status === 'completed');

  return (
    <article>
      <Breadcrumb items={[{ title: <Link to="/public">{t('公开信息')}</Link> }, { title: c.title }]} />
      <h1 className="pub-title" style={{ marginTop: 12 }}>
        {c.title}
      </h1>
      <div className="pub-meta">
        {t('{host} 与 {partners}', { host: c.hostOrg, partners: c.partnerOrgs.join('、') })}
        <br />
        {t('{year}年', { year: c.year })} · {CONSULTATION_STATUS_LABEL[c.status]}
        {c.adoptedOn && <> · {t('议定于{date}', { date: formatDateCn(c.adoptedOn) })}</>} · {t('公开于{date}', { date: formatDateCn(chinaDate(c.publishedAt)) })}
      </div>
      {c.theme && <p className="pub-item-body">{c.theme}</p>}
      {c.keywords.length > 0 && (
        <div>
          {c.keywords.map((k) => (
            <Tag key={k}>
              <Link to={`/public?keyword=${encodeURIComponent(k)}`}>{k}</Link>
            </Tag>
          ))}
        </div>
      )}

      <section className="pub-section">
        <h2>{t('落实进展')}</h2>
        <div className="pub-meta" style={{ marginBottom: 8 }} data-testid="public-progress">
          {t('议定事项{total}项，已办结{completed}项，完成率{rate}%', { total: c.progress.total, completed: c.progress.completed, rate: c.progress.completionRate })}
        </div>
        <div className="pub-grid">
          {c.byCategory.map((cat) => (
            <CategoryProgress key={cat.category} c={cat} />
          ))}
        </div>
      </section>

      <section className="pub-section">
        <h2>{t('最新动态')}</h2>
        <PublicUpdates updates={c.updates} showConsultation={false} max={8} />
      </section>

      <section className="pub-section" data-testid="public-list">
        <h2>{t('议定事项清单')}</h2>
        {CATEGORIES.map((cat, index) => {
          const items = c.items.filter((i) => i.category === cat);
          if (!items.length) return null;
          return (
            <div key={cat} style={{ marginBottom: 16 }}>
              <h3 style={{ fontSize: 16, margin: '16px 0 8px' }}>{sectionHeading(index, cat, items.length)}</h3>
              {items.map((i) => (
                <ItemRow key={i.id} item={i} labelOf={labelOf} />
              ))}
            </div>
          );
        })}
      </section>

      <section className="pub-section" data-testid="public-completed">
        <h2>{t('已办结事项')}</h2>
        {completed.length ? (
          completed.map((i) => (
            <div className="pub-item" key={i.id}>
              <div className="pub-item-title">{i.title}</div>
              <div className="pub-meta">{i.closedOn ? t('办结于{date}', { date: formatDateCn(i.closedOn) }) : null}</div>
              {i.outcome && <div className="pub-item-body">{t('办结情况：{outcome}', { outcome: i.outcome })}</div>}
            </div>
          ))
        ) : (
          <div className="pub-meta">{t('暂无已办结事项')}</div>
        )}
      </section>
    </article>
  );
}
