import { Card, Col, Empty, Flex, List, Progress, Row, Spin, Typography } from 'antd';
import type { ConsultationDetail } from '../../../domain/consultations.js';
import type { ItemStatus } from '../../../domain/items.js';
import { CATEGORY_LABEL } from '../../app/labels';
import { t } from '../../app/i18n';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { ItemStatusTag } from '../items/ItemStatusTag';
import { LightTag } from '../supervision/LightTag';
import { useConsultationProgrammes } from './projects.api';

/** The 行动 tab: each programme with this consultation's items in it and the progress they roll up to. */
export function ProgrammesTab({ consultation }: { consultation: ConsultationDetail }) {
  const q = useConsultationProgrammes(consultation.id);
  if (q.isPending) return <Spin />;
  if (q.isError) return <QueryErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data.length) return <Empty description={t('暂无行动')} />;
  return (
    <Flex vertical gap={12}>
      <Typography.Text type="secondary">{t('行动进度由所含事项的进度加权汇总（默认等权，已取消的事项不计）。')}</Typography.Text>
      <Row gutter={[16, 16]}>
        {q.data.map((g) => (
          <Col xs={24} xl={12} key={g.id}>
            <Card
              size="small"
              data-testid="programme-card"
              title={
                <Flex justify="space-between" align="center" gap={12}>
                  <span>{g.name}</span>
                  <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                    {t('{year}年 · {n}项事项', { year: g.year, n: g.items.length })}
                  </Typography.Text>
                </Flex>
              }
            >
              <Progress percent={g.progress} data-testid="programme-progress" />
              <List
                size="small"
                dataSource={g.items}
                locale={{ emptyText: t('本次会商暂无归入此行动的事项') }}
                renderItem={(i) => (
                  <List.Item
                    extra={
                      <Flex gap={4}>
                        <LightTag light={i.light} reasons={i.lightReasons} />
                        <ItemStatusTag status={i.status as ItemStatus} />
                      </Flex>
                    }
                  >
                    <Flex vertical style={{ width: '100%' }}>
                      <span>{i.title}</span>
                      <Flex gap={8} align="center">
                        <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
                          {CATEGORY_LABEL[i.category]}
                          {i.weight !== 1 && t(' · 权重{weight}', { weight: i.weight })}
                        </Typography.Text>
                        <Progress percent={i.progress} size="small" style={{ margin: 0, maxWidth: 220 }} />
                      </Flex>
                    </Flex>
                  </List.Item>
                )}
              />
            </Card>
          </Col>
        ))}
      </Row>
    </Flex>
  );
}
