import { Card, Flex, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { ConsultationDetail } from '../../../domain/consultations.js';
import { chinaDate } from '../../../domain/dates.js';
import { formatDateCn, NOTICE_STATUS_LABEL } from '../../../domain/labels.js';
import type { Meeting } from '../../../domain/meetings.js';
import type { Notice } from '../../../domain/notices.js';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { useMeetings } from '../meetings/meetings.api';
import { ItemTitleLink, scrollWidth } from '../supervision-board/ItemTitleLink';
import { ConsultationFilesCard } from './ConsultationFilesCard';
import { ConsultationDocumentsCard, MinutesDownloadButton, NoticeDocumentButton } from './DocumentButtons';
import { useConsultationNotices } from './documents.api';

const meetingColumns: TableColumnsType<Meeting> = [
  { title: '会议日期', dataIndex: 'heldOn', width: 150, render: (d: string) => formatDateCn(d) },
  { title: '地点', dataIndex: 'venue', ellipsis: true },
  { title: '参会人员', key: 'attendees', width: 100, render: (_, m) => `${m.attendees.length}人` },
  { title: '照片', key: 'photos', width: 80, render: (_, m) => `${m.photos.length}张` },
  { title: '会议纪要（Word）', key: 'minutes', width: 170, render: (_, m) => <MinutesDownloadButton meetingId={m.id} /> },
];

function MinutesCard({ consultationId }: { consultationId: number }) {
  const meetings = useMeetings(consultationId);
  return (
    <Card size="small" title="会议纪要">
      {meetings.isError ? (
        <QueryErrorResult error={meetings.error} onRetry={() => void meetings.refetch()} />
      ) : (
        <Table<Meeting>
          rowKey="id"
          size="small"
          loading={meetings.isPending}
          dataSource={meetings.data ?? []}
          pagination={false}
          locale={{ emptyText: '尚未登记会商会议' }}
          scroll={{ x: scrollWidth(meetingColumns) }}
          columns={meetingColumns}
          data-testid="documents-minutes"
        />
      )}
    </Card>
  );
}

function NoticesCard({ consultationId }: { consultationId: number }) {
  const notices = useConsultationNotices(consultationId);
  const columns: TableColumnsType<Notice> = [
    { title: '文号', dataIndex: 'number', width: 170, render: (n: string | null) => n ?? <Typography.Text type="secondary">待签发（草稿）</Typography.Text> },
    {
      title: '督办事项',
      dataIndex: 'itemTitle',
      ellipsis: { showTitle: false },
      render: (t: string, n) => <ItemTitleLink consultationId={n.consultationId} itemId={n.itemId} title={t} />,
    },
    { title: '状态', dataIndex: 'status', width: 90, render: (s: Notice['status']) => <Tag>{NOTICE_STATUS_LABEL[s]}</Tag> },
    { title: '签发日期', dataIndex: 'signedAt', width: 130, render: (t: string | null) => (t ? formatDateCn(chinaDate(t)) : '—') },
    { title: '督办单（Word）', key: 'document', width: 150, render: (_, n) => <NoticeDocumentButton noticeId={n.id} size="small" /> },
  ];
  return (
    <Card size="small" title={`督办单（${notices.data?.length ?? 0}）`}>
      {notices.isError ? (
        <QueryErrorResult error={notices.error} onRetry={() => void notices.refetch()} />
      ) : (
        <Table<Notice>
          rowKey="id"
          size="small"
          loading={notices.isPending}
          dataSource={notices.data ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: '尚未发出督办单' }}
          scroll={{ x: scrollWidth(columns) }}
          columns={columns}
          data-testid="documents-notices"
        />
      )}
    </Card>
  );
}

/** 文档: every official document the consultation produces, and every file uploaded to it, in one place. */
export function ConsultationDocumentsTab({ consultation }: { consultation: ConsultationDetail }) {
  return (
    <Flex vertical gap={16} data-testid="consultation-documents-tab">
      <ConsultationDocumentsCard consultation={consultation} />
      <MinutesCard consultationId={consultation.id} />
      <NoticesCard consultationId={consultation.id} />
      <ConsultationFilesCard consultationId={consultation.id} />
    </Flex>
  );
}
