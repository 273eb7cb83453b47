import { Link } from 'react-router';
import { Col, Empty, Flex, Row, Tag } from 'antd';
import { LoadingLines } from '../../components/Callout';
import { Heading, Text } from '../../components/Text';
import { RightOutlined } from '@ant-design/icons';
import type { ConsultationDetail } from '../../../domain/consultations.js';
import { CATEGORIES, ITEM_STATUSES } from '../../../domain/items.js';
import { CATEGORY_LABEL, ITEM_STATUS_LABEL, ROLE_LABEL } from '../../app/labels';
import { adminPagesFor } from '../../app/navigation';
import { Page } from '../../components/Page';
import { Panel } from '../../components/Panel';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { hasPermission, useSession } from '../auth/session';
import { useConsultations } from '../consultations/consultations.api';
import { partiesText } from '../consultations/consultation-format';
import { ConsultationStatusTag } from '../consultations/ConsultationStatusTag';
import { ITEM_STATUS_COLOR } from '../items/ItemStatusTag';
import { MyTasksCard } from './MyTasksCard';
import { AnnouncementsCard } from '../announcements/AnnouncementsCard';
import { t } from '../../app/i18n';

export function HomePage() {
  const me = useSession();
  const roles = [...new Set(me.roles.map((r) => ROLE_LABEL[r.role]))].join('、');
  const admin = adminPagesFor(me);
  return (
    <Page title={t('工作台')} subTitle={`${me.displayName} · ${me.org.name}${roles ? ` · ${roles}` : ''}`}>
      <AnnouncementsCard />
      {hasPermission(me, 'consultation.read') && <MyTasksCard />}
      {hasPermission(me, 'notice.sign') && <LeaderLinks />}
      {hasPermission(me, 'consultation.read') && <MyConsultations />}
      {admin.length > 0 && (
        <section style={{ marginTop: hasPermission(me, 'consultation.read') ? 24 : 0 }}>
          <Heading level={5}>{t('系统管理')}</Heading>
          <Row gutter={[16, 16]}>
            {admin.map((p) => (
              <Col xs={24} sm={12} lg={8} key={p.path}>
                <LinkCard page={p} testId="admin-link" />
              </Col>
            ))}
          </Row>
        </section>
      )}
      {!hasPermission(me, 'consultation.read') && admin.length === 0 && <Empty description={t('当前账号还没有可用的功能，请联系安全管理员授予角色。')} />}
    </Page>
  );
}

/** A page of the app as a card on the home page: its name, what it is for, one click away. */
function LinkCard({ page, testId }: { page: { path: string; label: string; description: string }; testId: string }) {
  return (
    <Link to={page.path} data-testid={testId}>
      <Panel hoverable>
        <Flex justify="space-between" align="center">
          <div>
            <Text strong>{page.label}</Text>
            <div>
              <Text secondary>{page.description}</Text>
            </div>
          </div>
          <RightOutlined />
        </Flex>
      </Panel>
    </Link>
  );
}

const LEADER_PAGES = [
  { path: '/dashboard', label: t('数据看板'), description: t('分类与亮灯、领域、牵头单位、办结趋势和县区地图，点击即看事项') },
  { path: '/indicators/comparison', label: t('县区创新指标'), description: t('各县（区）指标对比、排名与创新型县达标评估') },
];

/** A leader's first look: the charts, one click from the home page (they load only when opened). */
function LeaderLinks() {
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 24 }}>
      {LEADER_PAGES.map((p) => (
        <Col xs={24} md={12} key={p.path}>
          <LinkCard page={p} testId="leader-link" />
        </Col>
      ))}
    </Row>
  );
}

function MyConsultations() {
  const list = useConsultations();
  if (list.isPending) return <LoadingLines />;
  if (list.isError) return <QueryErrorResult error={list.error} onRetry={() => void list.refetch()} />;
  const active = list.data.filter((c) => c.status !== 'closed');
  const shown = active.length ? active : list.data;
  return (
    <section>
      <Flex justify="space-between" align="baseline">
        <Heading level={5}>{t('我参与的会商')}</Heading>
        <Link to="/consultations">{t('全部会商')}</Link>
      </Flex>
      {shown.length === 0 ? (
        <Empty description={t('暂无会商')} />
      ) : (
        <Row gutter={[16, 16]}>
          {shown.map((c) => (
            <Col xs={24} lg={12} key={c.id}>
              <ConsultationCard c={c} />
            </Col>
          ))}
        </Row>
      )}
    </section>
  );
}

function ConsultationCard({ c }: { c: ConsultationDetail }) {
  return (
    <Panel
      data-testid="home-consultation"
      title={
        <Flex gap={8} align="center">
          <Text ellipsis>{c.title}</Text>
          <ConsultationStatusTag status={c.status} />
        </Flex>
      }
      extra={<Link to={`/consultations/${c.id}/items`}>{t('查看清单')}</Link>}
    >
      <div className="hs-text-secondary" style={{ marginBottom: 12 }}>
        {t('{year}年 · {host} · {parties}', { year: c.year, host: c.hostOrg.name, parties: partiesText(c) })}
      </div>
      <Row gutter={8}>
        <Col span={6}>
          <div className="home-count-value">{c.counts.total}</div>
          <div className="home-count-label">{t('事项')}</div>
        </Col>
        {CATEGORIES.map((k) => (
          <Col span={6} key={k}>
            <div className="home-count-value">{c.counts.byCategory[k]}</div>
            <div className="home-count-label">{CATEGORY_LABEL[k]}</div>
          </Col>
        ))}
      </Row>
      <Flex gap={6} wrap style={{ marginTop: 12 }}>
        {ITEM_STATUSES.filter((s) => c.counts.byStatus[s] > 0).map((s) => (
          <Tag key={s} color={ITEM_STATUS_COLOR[s]}>
            {ITEM_STATUS_LABEL[s]} {c.counts.byStatus[s]}
          </Tag>
        ))}
      </Flex>
    </Panel>
  );
}
