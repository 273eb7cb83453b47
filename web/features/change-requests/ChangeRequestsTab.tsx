import { useState } from 'react';
import { Alert, Button, Flex, Segmented, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { ChangeRequestStatus } from '../../../domain/change-requests.js';
import type { ConsultationDetail } from '../../../domain/consultations.js';
import { CHANGE_REQUEST_STATUS_LABEL } from '../../app/labels';
import { t } from '../../app/i18n';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { isAdopted } from '../negotiation/negotiation-model';
import { ChangeRequestList } from './ChangeRequestList';
import { ChangeRequestModal } from './ChangeRequestModal';
import { useConsultationChangeRequests } from './change-requests.api';

type Filter = 'all' | ChangeRequestStatus;

/** 调整申请: every change request of the consultation, newest first, with the decisions the caller owes. */
export function ChangeRequestsTab({ consultation }: { consultation: ConsultationDetail }) {
  const requests = useConsultationChangeRequests(consultation.id);
  const [filter, setFilter] = useState<Filter>('all');
  const [adding, setAdding] = useState(false);
  const adopted = isAdopted(consultation.status);
  if (requests.isError) return <QueryErrorResult error={requests.error} onRetry={() => void requests.refetch()} />;
  const all = requests.data ?? [];
  const shown = filter === 'all' ? all : all.filter((r) => r.status === filter);
  const waiting = all.filter((r) => r.can.decide).length;
  return (
    <Flex vertical gap={12}>
      {!adopted && <Alert type="info" showIcon title={t('清单议定后，议定事项的修改、延期、新增和取消须通过调整申请，由对方联络员审批。')} />}
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Segmented<Filter>
          value={filter}
          onChange={setFilter}
          options={[
            { value: 'all', label: t('全部（{n}）', { n: all.length }) },
            ...(['pending', 'approved', 'rejected'] as const).map((s) => ({
              value: s,
              label: t('{status}（{n}）', { status: CHANGE_REQUEST_STATUS_LABEL[s], n: all.filter((r) => r.status === s).length }),
            })),
          ]}
        />
        <Flex align="center" gap={12}>
          {waiting > 0 && <Typography.Text type="warning">{t('有 {n} 项申请待本方审批', { n: waiting })}</Typography.Text>}
          {consultation.can.fileChangeRequests && (
            <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="request-add">
              {t('申请新增事项')}
            </Button>
          )}
        </Flex>
      </Flex>
      <ChangeRequestList consultation={consultation} requests={shown} loading={requests.isPending} showItem />
      <ChangeRequestModal
        consultationId={consultation.id}
        partyOrgIds={[consultation.hostOrg.id, ...consultation.partnerOrgs.map((o) => o.id)]}
        item={null}
        mode={adding ? 'add' : null}
        onClose={() => setAdding(false)}
      />
    </Flex>
  );
}
