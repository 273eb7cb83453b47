import { Link, useParams } from 'react-router';
import { Card, Col, Descriptions, Empty, Progress, Row, Statistic, Table, Tag, Timeline, Typography } from 'antd';
import { CheckCircleOutlined, ClockCircleOutlined } from '@ant-design/icons';
import { CATEGORY_LABEL, OUTCOME_KIND_LABEL, PROJECT_STATUS_LABEL, PROJECT_TYPE_LABEL, formatDateCn, formatWan } from '../../app/labels';
import { t } from '../../app/i18n';
import type { ItemStatus } from '../../../domain/items.js';
import type { LinkedItem, Outcome } from '../../../domain/projects.js';
import { isApiError } from '../../app/api-client';
import { FullPageSpin } from '../../components/FullPageSpin';
import { NotFound } from '../../components/NotFound';
import { Page } from '../../components/Page';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { ItemStatusTag } from '../items/ItemStatusTag';
import { LightTag } from '../supervision/LightTag';
import { PROJECT_STATUS_COLOR } from './project-format';
import { useProject } from './projects.api';

function outcomePercent(o: Outcome): number | null {
  if (o.actual === null || o.target <= 0) return null;
  return Math.min(100, Math.round((o.actual / o.target) * 100));
}

export function ProjectDetailPage() {
  const id = Number(useParams().id);
  const project = useProject(id);
  if (!Number.isInteger(id) || id <= 0) return <NotFound />;
  if (project.isPending) return <FullPageSpin />;
  if (project.isError) {
    if (isApiError(project.error) && (project.error.status === 404 || project.error.status === 403)) return <NotFound what={t('项目')} />;
    return <QueryErrorResult error={project.error} onRetry={() => void project.refetch()} />;
  }
  const p = project.data;
  return (
    <Page
      title={
        <span data-testid="project-title">
          {p.name} <Tag color={PROJECT_STATUS_COLOR[p.status]}>{PROJECT_STATUS_LABEL[p.status]}</Tag>
        </span>
      }
      subTitle={
        <span>
          {PROJECT_TYPE_LABEL[p.type]} · {t('所属单位：{org}', { org: p.hostOrg.name })} · <Link to="/projects">{t('返回项目列表')}</Link>
        </span>
      }
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('基本情况')} size="small">
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('承担单位')}>{p.undertakers.join(t('、'))}</Descriptions.Item>
              <Descriptions.Item label={t('实施期')}>
                {formatDateCn(p.startDate)}—{formatDateCn(p.endDate)}
              </Descriptions.Item>
              <Descriptions.Item label={t('项目简介')}>{p.summary || '—'}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('项目资金')} size="small" data-testid="project-budget">
            <Row gutter={16}>
              <Col span={8}>
                <Statistic title={t('财政资金')} value={formatWan(p.fiscalWan)} />
              </Col>
              <Col span={8}>
                <Statistic title={t('自筹资金')} value={formatWan(p.selfRaisedWan)} />
              </Col>
              <Col span={8}>
                <Statistic title={t('合计')} value={formatWan(p.totalWan)} />
              </Col>
            </Row>
            {p.totalWan > 0 && <Progress percent={100} success={{ percent: Math.round((p.fiscalWan / p.totalWan) * 100) }} showInfo={false} style={{ marginTop: 8 }} />}
            <Typography.Text type="secondary">{t('绿色为财政资金占比')}</Typography.Text>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('实施节点')} size="small">
            {p.milestones.length ? (
              <Timeline
                items={p.milestones.map((m) => ({
                  color: m.done ? 'green' : 'gray',
                  dot: m.done ? <CheckCircleOutlined /> : <ClockCircleOutlined />,
                  content: (
                    <span>
                      {m.title}
                      <Typography.Text type="secondary">
                        {' '}
                        · {formatDateCn(m.due)} · {m.done ? t('已完成') : t('未完成')}
                      </Typography.Text>
                    </span>
                  ),
                }))}
              />
            ) : (
              <Empty description={t('未设节点')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={t('成果指标')} size="small">
            <Table<Outcome>
              rowKey="kind"
              size="small"
              pagination={false}
              dataSource={p.outcomes}
              locale={{ emptyText: t('未设成果指标') }}
              columns={[
                { title: t('指标'), dataIndex: 'kind', render: (k: Outcome['kind']) => OUTCOME_KIND_LABEL[k] },
                { title: t('目标'), dataIndex: 'target', width: 100, align: 'right' },
                { title: t('已完成'), dataIndex: 'actual', width: 100, align: 'right', render: (v: number | null) => v ?? '—' },
                { title: t('完成率'), key: 'pct', width: 160, render: (_, o) => (outcomePercent(o) === null ? '—' : <Progress percent={outcomePercent(o)!} size="small" />) },
              ]}
            />
          </Card>
        </Col>
        <Col span={24}>
          <Card title={t('关联事项（{n}项）', { n: p.items.length })} size="small">
            <Table<LinkedItem>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={p.items}
              locale={{ emptyText: t('暂无关联事项') }}
              columns={[
                { title: t('事项'), dataIndex: 'title', render: (title: string, i) => <Link to={`/consultations/${i.consultationId}/items?item=${i.id}`}>{title}</Link> },
                { title: t('类别'), dataIndex: 'category', width: 140, render: (c: LinkedItem['category']) => CATEGORY_LABEL[c] },
                { title: t('进度'), dataIndex: 'progress', width: 180, render: (v: number) => <Progress percent={v} size="small" /> },
                { title: t('亮灯'), key: 'light', width: 84, render: (_: unknown, i) => <LightTag light={i.light} reasons={i.lightReasons} /> },
                { title: t('状态'), dataIndex: 'status', width: 100, render: (s: string) => <ItemStatusTag status={s as ItemStatus} /> },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Page>
  );
}
