import { Button, Card, Descriptions, Flex, Tag, Typography, Modal } from 'antd';
import { useFeedback } from '../../app/feedback';
import { CheckCircleOutlined } from '@ant-design/icons';
import type { ConsultationDetail } from '../../../domain/consultations.js';
import { SIDES, type AdoptionState } from '../../../domain/negotiation.js';
import { isApiError } from '../../app/api-client';
import { useShowApiError } from '../../app/use-api-error';
import { LinkButton } from '../../components/LinkButton';
import { useAdoption, useConfirmAdoption } from './negotiation.api';
import { isAdopted, negotiatingSide, SIDE_CONFIRM_LABEL } from './negotiation-model';
import { chinaDateTime } from '../../../domain/dates.js';
import { t } from '../../app/i18n';

function Confirmations({ state }: { state: AdoptionState }) {
  return (
    <Descriptions
      column={{ xs: 1, md: 2 }}
      size="small"
      items={SIDES.map((side) => {
        const c = state[side];
        return {
          key: side,
          label: SIDE_CONFIRM_LABEL[side],
          children: (
            <span data-testid={`adoption-${side}`}>
              {c ? (
                <>
                  <Tag color="success" icon={<CheckCircleOutlined />}>
                    {t('已确认')}
                  </Tag>
                  <Typography.Text type="secondary">
                    {c.by} · {chinaDateTime(c.at)}
                  </Typography.Text>
                </>
              ) : (
                <Tag>{t('待确认')}</Tag>
              )}
            </span>
          ),
        };
      })}
    />
  );
}

/** Titles of the items that still lack agreement, from an ITEMS_NOT_AGREED answer. */
function pendingTitles(details: unknown): string[] {
  if (!Array.isArray(details)) return [];
  return details.map((d) => (d as { title?: unknown }).title).filter((title): title is string => typeof title === 'string');
}

/** 议定清单: both sides confirm the list once every item is agreed; then it is frozen as the agreed version. */
export function AdoptionCard({ consultation }: { consultation: ConsultationDetail }) {
  const { message } = useFeedback();
  const [modal, modalHolder] = Modal.useModal();
  const showError = useShowApiError();
  const adoption = useAdoption(consultation.id, consultation.status !== 'draft');
  const confirm = useConfirmAdoption(consultation.id);
  const state = adoption.data;
  if (consultation.status === 'draft' || !state) return null;

  if (isAdopted(consultation.status)) {
    return (
      <Card size="small" title={t('议定清单')} style={{ marginBottom: 16 }} data-testid="adoption-card">
        <Flex gap={12} align="center" wrap>
          <Tag color="success" icon={<CheckCircleOutlined />}>
            {t('已议定')}
          </Tag>
          {state.agreedVersionId !== null && (
            <LinkButton
              type="link"
              style={{ padding: 0 }}
              to={`/consultations/${consultation.id}/versions?from=${state.agreedVersionId}&to=current`}
              data-testid="agreed-version-link"
            >
              {t('查看议定版本')}
            </LinkButton>
          )}
        </Flex>
        <Confirmations state={state} />
      </Card>
    );
  }

  const side = negotiatingSide(consultation);
  const canConfirm = side !== null && state[side] === null;
  const blocked = state.pendingItems > 0;

  const doConfirm = () =>
    modal.confirm({
      title: t('确认议定清单？'),
      content: t('双方均确认后，清单将冻结为议定版本，会商进入“落实中”；此后议定内容须通过调整申请修改。'),
      okText: t('确认议定'),
      cancelText: t('取消'),
      onOk: async () => {
        try {
          const next = await confirm.mutateAsync();
          void message.success(next.adopted ? t('双方均已确认，清单已议定') : t('本方已确认，等待对方确认'));
        } catch (err) {
          const titles = isApiError(err) && err.code === 'ITEMS_NOT_AGREED' ? pendingTitles(err.details) : [];
          if (!titles.length) return showError(err);
          modal.error({
            title: err instanceof Error ? err.message : t('尚有事项未经双方确认'),
            content: (
              <ul style={{ paddingLeft: 20, margin: 0 }}>
                {titles.map((title) => (
                  <li key={title}>{title}</li>
                ))}
              </ul>
            ),
            okText: t('知道了'),
          });
        }
      },
    });

  return (
    <Card size="small" title={t('议定清单')} style={{ marginBottom: 16 }} data-testid="adoption-card">
      {modalHolder}
      <Confirmations state={state} />
      <Flex gap={12} align="center" wrap>
        {blocked ? (
          <Typography.Text type="warning" data-testid="adoption-pending">
            {t('尚有 {n} 项未经双方确认', { n: state.pendingItems })}
          </Typography.Text>
        ) : (
          <Typography.Text type="success" data-testid="adoption-pending">
            {t('全部事项已经双方确认')}
          </Typography.Text>
        )}
        {canConfirm && (
          <>
            <Button type="primary" disabled={blocked} loading={confirm.isPending} onClick={doConfirm} data-testid="confirm-adoption">
              {t('确认议定')}
            </Button>
            {blocked && <Typography.Text type="secondary">{t('全部事项经双方同意后方可确认议定')}</Typography.Text>}
          </>
        )}
        {side !== null && state[side] !== null && <Typography.Text type="secondary">{t('本方已确认，等待对方确认')}</Typography.Text>}
      </Flex>
    </Card>
  );
}
