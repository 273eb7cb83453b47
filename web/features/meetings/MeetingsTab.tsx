import { useState } from 'react';
import { Button, Flex, Table, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { ConsultationDetail } from '../../../domain/consultations.js';
import { formatDateCn } from '../../app/labels';
import { t } from '../../app/i18n';
import type { Meeting } from '../../../domain/meetings.js';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { MeetingDrawer } from './MeetingDrawer';
import { MeetingFormModal } from './MeetingFormModal';
import { useMeetings } from './meetings.api';

/** 会商会议: the meetings where both sides sat down, newest first. */
export function MeetingsTab({ consultation }: { consultation: ConsultationDetail }) {
  const list = useMeetings(consultation.id);
  const [form, setForm] = useState<{ editing?: Meeting } | null>(null);
  const [openId, setOpenId] = useState<number | null>(null);

  // Mirrors the server's policy: the host coordinator keeps the record until the consultation closes.
  const canWrite = consultation.can.writeMeetings && consultation.status !== 'closed';

  if (list.isError) return <QueryErrorResult error={list.error} onRetry={() => void list.refetch()} />;
  const meetings = list.data ?? [];

  const columns: TableColumnsType<Meeting> = [
    {
      title: t('会议日期'),
      dataIndex: 'heldOn',
      width: 160,
      render: (v: string) => <Typography.Link data-testid="meeting-open">{formatDateCn(v)}</Typography.Link>,
    },
    { title: t('会议地点'), dataIndex: 'venue' },
    { title: t('参会人数'), width: 100, render: (_v, m) => t('{n}人', { n: m.attendees.length }) },
    { title: t('照片'), width: 80, render: (_v, m) => (m.photos.length ? t('{n}张', { n: m.photos.length }) : '—') },
    { title: t('登记人'), width: 180, render: (_v, m) => m.createdBy.displayName },
  ];

  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('共 {n} 次会议', { n: meetings.length })}</Typography.Text>
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({})} data-testid="new-meeting">
            {t('登记会议')}
          </Button>
        )}
      </Flex>
      <Table<Meeting>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        columns={columns}
        dataSource={meetings}
        pagination={false}
        locale={{ emptyText: t('暂无会商会议记录') }}
        onRow={(m) => Object.assign({ 'data-testid': 'meeting-row', 'data-meeting-id': String(m.id) }, { style: { cursor: 'pointer' }, onClick: () => setOpenId(m.id) })}
      />
      {canWrite && <MeetingFormModal consultationId={consultation.id} open={form !== null} editing={form?.editing} onClose={() => setForm(null)} />}
      <MeetingDrawer
        meetingId={openId}
        placeholder={meetings.find((m) => m.id === openId)}
        canWrite={canWrite}
        onEdit={(m) => setForm({ editing: m })}
        onClose={() => setOpenId(null)}
      />
    </>
  );
}
