import { Button, Space, Modal } from 'antd';
import { useFeedback } from '../../app/feedback';
import { nextConsultationStatuses, type ConsultationDetail, type ConsultationStatus } from '../../../domain/consultations.js';
import { CONSULTATION_STATUS_LABEL } from '../../app/labels';
import { t } from '../../app/i18n';
import { useShowApiError } from '../../app/use-api-error';
import { useUpdateConsultation } from './consultations.api';

/** How a chair would name each step of the cycle. */
const STEP: Partial<Record<`${ConsultationStatus}>${ConsultationStatus}`, { label: string; note: string }>> = {
  'draft>negotiating': { label: t('开始协商'), note: t('双方联络员可以共同修改清单。') },
  'negotiating>draft': { label: t('退回筹备'), note: t('会商退回筹备阶段。') },
  'adopted>implementing': { label: t('进入落实'), note: t('议定事项开始落实，按期报告进展。') },
  'implementing>closed': { label: t('结束会商'), note: t('会商结束后清单不能再修改。') },
};

function stepLabel(from: ConsultationStatus, to: ConsultationStatus): string {
  return STEP[`${from}>${to}`]?.label ?? t('改为“{status}”', { status: CONSULTATION_STATUS_LABEL[to] });
}

export function ConsultationStatusActions({ consultation }: { consultation: ConsultationDetail }) {
  const { message } = useFeedback();
  const [modal, modalHolder] = Modal.useModal();
  const update = useUpdateConsultation(consultation.id);
  const showError = useShowApiError();
  const next = nextConsultationStatuses(consultation.status);
  if (next.length === 0) return null;

  const move = (to: ConsultationStatus) => {
    const step = STEP[`${consultation.status}>${to}`];
    const label = stepLabel(consultation.status, to);
    modal.confirm({
      title: t('{action}？', { action: label }),
      content: t('会商状态将由“{from}”改为“{to}”。{note}', {
        from: CONSULTATION_STATUS_LABEL[consultation.status],
        to: CONSULTATION_STATUS_LABEL[to],
        note: step?.note ?? '',
      }),
      okText: label,
      cancelText: t('取消'),
      onOk: async () => {
        try {
          await update.mutateAsync({ status: to, version: consultation.version });
          void message.success(t('已{action}', { action: label }));
        } catch (err) {
          showError(err);
        }
      },
    });
  };

  return (
    <Space>
      {modalHolder}
      {next.map((to) => (
        <Button key={to} type={to === 'draft' ? 'default' : 'primary'} onClick={() => move(to)} data-testid={`status-${to}`}>
          {stepLabel(consultation.status, to)}
        </Button>
      ))}
    </Space>
  );
}
