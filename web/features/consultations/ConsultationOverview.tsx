import { Card, Col, Descriptions, Row, Statistic } from 'antd';
import type { ConsultationDetail } from '../../../domain/consultations.js';
import { CATEGORIES, ITEM_STATUSES } from '../../../domain/items.js';
import { CATEGORY_SECTION_LABEL, CONSULTATION_STATUS_LABEL, ITEM_STATUS_LABEL } from '../../app/labels';
import { t } from '../../app/i18n';
import { CountBars } from '../../components/CountBars';
import { useDomainDictionary } from '../dictionaries/dictionaries.api';
import { AdoptionCard } from '../negotiation/AdoptionCard';
import { PublicationCard } from '../public/PublicationCard';

const STATUS_COLOR: Record<(typeof ITEM_STATUSES)[number], string> = {
  not_started: '#bfbfbf',
  in_progress: '#1f5fbf',
  completed: '#52c41a',
  delayed: '#f5222d',
  cancelled: '#8c8c8c',
};

/** 概况: the counts a leader reads in ten seconds. */
export function ConsultationOverview({ consultation }: { consultation: ConsultationDetail }) {
  const { counts } = consultation;
  const dict = useDomainDictionary();
  const labelOf = new Map((dict.data ?? []).map((d) => [d.value, d.label]));
  const domains = Object.entries(counts.byDomain).sort((a, b) => b[1] - a[1]);
  const done = counts.byStatus.completed;

  return (
    <div data-testid="consultation-overview">
      <AdoptionCard consultation={consultation} />
      <PublicationCard consultation={consultation} />
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('清单事项')} value={counts.total} suffix={t('项')} />
          </Card>
        </Col>
        {CATEGORIES.map((c) => (
          <Col xs={12} md={6} key={c}>
            <Card size="small">
              {/* The section label is the category's name with 事项 after it, in either language. */}
              <Statistic title={CATEGORY_SECTION_LABEL[c]} value={counts.byCategory[c]} suffix={t('项')} />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('按状态')} extra={counts.total ? t('已完成 {percent}%', { percent: Math.round((done / counts.total) * 100) }) : undefined}>
            <CountBars testId="counts-by-status" bars={ITEM_STATUSES.map((s) => ({ key: s, label: ITEM_STATUS_LABEL[s], value: counts.byStatus[s], color: STATUS_COLOR[s] }))} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('按领域')}>
            {domains.length ? <CountBars testId="counts-by-domain" bars={domains.map(([d, n]) => ({ key: d, label: labelOf.get(d) ?? d, value: n }))} /> : t('暂无事项')}
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('基本信息')} style={{ marginTop: 16 }}>
        <Descriptions
          column={{ xs: 1, md: 2 }}
          size="small"
          items={[
            { key: 'title', label: t('会商名称'), children: consultation.title, span: 2 },
            { key: 'year', label: t('年度'), children: t('{year}年', { year: consultation.year }) },
            { key: 'status', label: t('状态'), children: CONSULTATION_STATUS_LABEL[consultation.status] },
            { key: 'host', label: t('发起方'), children: consultation.hostOrg.name },
            { key: 'partners', label: t('会商方'), children: consultation.partnerOrgs.map((o) => o.name).join(t('、')) },
            { key: 'theme', label: t('会商主题'), children: consultation.theme || '—', span: 2 },
          ]}
        />
      </Card>
    </div>
  );
}
