import { useState } from 'react';
import { Button, Space, Typography } from 'antd';
import { ClockCircleOutlined, EditOutlined, StopOutlined } from '@ant-design/icons';
import type { ConsultationDetail } from '../../../domain/consultations.js';
import type { Item } from '../../../domain/items.js';
import { ChangeRequestList } from './ChangeRequestList';
import { ChangeRequestModal, type RequestMode } from './ChangeRequestModal';
import { useItemChangeRequests } from './change-requests.api';
import { t } from '../../app/i18n';

/** 调整申请 in the item drawer of an adopted list: file one, see the item's requests and decide the other side's. */
export function ItemChangeRequests({ consultation, item }: { consultation: ConsultationDetail; item: Item }) {
  const requests = useItemChangeRequests(item.id);
  const [mode, setMode] = useState<RequestMode | null>(null);
  const canFile = consultation.can.fileChangeRequests && item.status !== 'cancelled';
  const partyOrgIds = [consultation.hostOrg.id, ...consultation.partnerOrgs.map((o) => o.id)];
  return (
    <section data-testid="item-change-requests" style={{ marginTop: 24 }}>
      <Space style={{ marginBottom: 8, width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('调整申请')}
        </Typography.Title>
        {canFile && (
          <Space wrap>
            <Button icon={<EditOutlined />} onClick={() => setMode('modify')} data-testid="request-change">
              {t('申请调整')}
            </Button>
            {!item.ongoing && item.deadline && (
              <Button icon={<ClockCircleOutlined />} onClick={() => setMode('extend')} data-testid="request-extension">
                {t('申请延期')}
              </Button>
            )}
            <Button danger icon={<StopOutlined />} onClick={() => setMode('cancel')} data-testid="request-cancel">
              {t('申请取消')}
            </Button>
          </Space>
        )}
      </Space>
      <ChangeRequestList consultation={consultation} requests={requests.data ?? []} loading={requests.isPending} showItem={false} />
      <ChangeRequestModal consultationId={consultation.id} partyOrgIds={partyOrgIds} item={item} mode={mode} onClose={() => setMode(null)} />
    </section>
  );
}
