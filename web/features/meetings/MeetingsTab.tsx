import { useState } from 'react';
import { Button, Flex, Table, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { ConsultationDetail } from '../../../domain/consultations.js';
import { formatDateCn } from '../../../domain/labels.js';
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
      title: '会议日期',
      dataIndex: 'heldOn',
      width: 160,
      render: (v: string) => <Typography.Link data-testid="meeting-open">{formatDateCn(v)}</Typography.Link>,
    },
    { title: '会议地点', dataIndex: 'venue' },
    { title: '参会人数', width: 100, render: (_v, m) => `${m.attendees.length}人` },
    { title: '照片', width: 80, render: (_v, m) => (m.photos.length ? `${m.photos.length}张` : '—') },
    { title: '登记人', width: 180, render: (_v, m) => m.createdBy.displayName },
  ];

  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">共 {meetings.length} 次会议</Typography.Text>
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({})} data-testid="new-meeting">
            登记会议
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
        locale={{ emptyText: '暂无会商会议记录' }}
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
