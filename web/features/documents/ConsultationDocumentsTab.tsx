import { Card, Flex, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { ConsultationDetail } from '../../../domain/consultations.js';
import { chinaDate } from '../../../domain/dates.js';
import { formatDateCn, NOTICE_STATUS_LABEL } from '../../app/labels';
import type { Meeting } from '../../../domain/meetings.js';
import type { Notice } from '../../../domain/notices.js';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { useMeetings } from '../meetings/meetings.api';
import { ItemTitleLink, scrollWidth } from '../supervision-board/ItemTitleLink';
import { ConsultationFilesCard } from './ConsultationFilesCard';
import { ConsultationDocumentsCard, MinutesDownloadButton, NoticeDocumentButton } from './DocumentButtons';
import { useConsultationNotices } from './documents.api';
import { t } from '../../app/i18n';

const meetingColumns: TableColumnsType<Meeting> = [
  { title: t('会议日期'), dataIndex: 'heldOn', width: 150, render: (d: string) => formatDateCn(d) },
  { title: t('地点'), dataIndex: 'venue', ellipsis: true },
  { title: t('参会人员'), key: 'attendees', width: 100, render: (_, m) => t('{length}人', { length: m.attendees.length }) },
  { title: t('照片'), key: 'photos', width: 80, render: (_, m) => t('{length}张', { length: m.photos.length }) },
  { title: t('会议纪要（Word）'), key: 'minutes', width: 170, render: (_, m) => <MinutesDownloadButton meetingId={m.id} /> },
];

function MinutesCard({ consultationId }: { consultationId: number }) {
  const meetings = useMeetings(consultationId);
  return (
    <Card size="small" title={t('会议纪要')}>
      {meetings.isError ? (
        <QueryErrorResult error={meetings.error} onRetry={() => void meetings.refetch()} />
      ) : (
        <Table<Meeting>
          rowKey="id"
          size="small"
          loading={meetings.isPending}
          dataSource={meetings.data ?? []}
          pagination={false}
          locale={{ emptyText: t('尚未登记会商会议') }}
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
    { title: t('文号'), dataIndex: 'number', width: 170, render: (n: string | null) => n ?? <Typography.Text type="secondary">{t('待签发（草稿）')}</Typography.Text> },
    {
      title: t('督办事项'),
      dataIndex: 'itemTitle',
      ellipsis: { showTitle: false },
      render: (t: string, n) => <ItemTitleLink consultationId={n.consultationId} itemId={n.itemId} title={t} />,
    },
    { title: t('状态'), dataIndex: 'status', width: 90, render: (s: Notice['status']) => <Tag>{NOTICE_STATUS_LABEL[s]}</Tag> },
    { title: t('签发日期'), dataIndex: 'signedAt', width: 130, render: (t: string | null) => (t ? formatDateCn(chinaDate(t)) : '—') },
    { title: t('督办单（Word）'), key: 'document', width: 150, render: (_, n) => <NoticeDocumentButton noticeId={n.id} size="small" /> },
  ];
  return (
    <Card size="small" title={t('督办单（{v}）', { v: notices.data?.length ?? 0 })}>
      {notices.isError ? (
        <QueryErrorResult error={notices.error} onRetry={() => void notices.refetch()} />
      ) : (
        <Table<Notice>
          rowKey="id"
          size="small"
          loading={notices.isPending}
          dataSource={notices.data ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: t('尚未发出督办单') }}
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
