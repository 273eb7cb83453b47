import { Tag } from 'antd';
import type { NeedStatus, NeedUrgency } from '../../../domain/needs.js';
import { NEED_STATUS_LABEL, NEED_URGENCY_LABEL } from '../../app/labels';

const STATUS_COLOR: Record<NeedStatus, string> = {
  submitted: 'processing',
  accepted: 'cyan',
  merged: 'default',
  declined: 'error',
  converted: 'success',
};

const URGENCY_COLOR: Record<NeedUrgency, string> = { normal: 'default', urgent: 'orange', critical: 'red' };

export function NeedStatusTag({ status }: { status: NeedStatus }) {
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="need-status">
      {NEED_STATUS_LABEL[status]}
    </Tag>
  );
}

export function NeedUrgencyTag({ urgency }: { urgency: NeedUrgency }) {
  return (
    <Tag color={URGENCY_COLOR[urgency]} data-testid="need-urgency">
      {NEED_URGENCY_LABEL[urgency]}
    </Tag>
  );
}
