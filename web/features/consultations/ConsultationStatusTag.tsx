import { Tag } from 'antd';
import type { ConsultationStatus } from '../../../domain/consultations.js';
import { CONSULTATION_STATUS_LABEL } from '../../app/labels';

const COLOR: Record<ConsultationStatus, string> = {
  draft: 'default',
  negotiating: 'processing',
  adopted: 'cyan',
  implementing: 'green',
  closed: 'purple',
};

export function ConsultationStatusTag({ status }: { status: ConsultationStatus }) {
  return (
    <Tag color={COLOR[status]} data-testid="consultation-status">
      {CONSULTATION_STATUS_LABEL[status]}
    </Tag>
  );
}
