import { Card, Col, Descriptions, Row, Statistic } from 'antd';
import type { ConsultationDetail } from '../../../domain/consultations.js';
import { CATEGORIES, ITEM_STATUSES } from '../../../domain/items.js';
import { CATEGORY_LABEL, CONSULTATION_STATUS_LABEL, ITEM_STATUS_LABEL } from '../../../domain/labels.js';
import { CountBars } from '../../components/CountBars';
import { useDomainDictionary } from '../dictionaries/dictionaries.api';
import { AdoptionCard } from '../negotiation/AdoptionCard';

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
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title="清单事项" value={counts.total} suffix="项" />
          </Card>
        </Col>
        {CATEGORIES.map((c) => (
          <Col xs={12} md={6} key={c}>
            <Card size="small">
              <Statistic title={`${CATEGORY_LABEL[c]}事项`} value={counts.byCategory[c]} suffix="项" />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={12}>
          <Card size="small" title="按状态" extra={counts.total ? `已完成 ${Math.round((done / counts.total) * 100)}%` : undefined}>
            <CountBars testId="counts-by-status" bars={ITEM_STATUSES.map((s) => ({ key: s, label: ITEM_STATUS_LABEL[s], value: counts.byStatus[s], color: STATUS_COLOR[s] }))} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title="按领域">
            {domains.length ? <CountBars testId="counts-by-domain" bars={domains.map(([d, n]) => ({ key: d, label: labelOf.get(d) ?? d, value: n }))} /> : '暂无事项'}
          </Card>
        </Col>
      </Row>
      <Card size="small" title="基本信息" style={{ marginTop: 16 }}>
        <Descriptions
          column={{ xs: 1, md: 2 }}
          size="small"
          items={[
            { key: 'title', label: '会商名称', children: consultation.title, span: 2 },
            { key: 'year', label: '年度', children: `${consultation.year}年` },
            { key: 'status', label: '状态', children: CONSULTATION_STATUS_LABEL[consultation.status] },
            { key: 'host', label: '发起方', children: consultation.hostOrg.name },
            { key: 'partners', label: '会商方', children: consultation.partnerOrgs.map((o) => o.name).join('、') },
            { key: 'theme', label: '会商主题', children: consultation.theme || '—', span: 2 },
          ]}
        />
      </Card>
    </div>
  );
}
