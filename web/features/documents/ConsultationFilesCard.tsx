import { Button, Card, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { isInlineImage } from '../../../domain/attachments.js';
import { chinaDateTime } from '../../../domain/dates.js';
import type { ConsultationFile, FileSource } from '../../../domain/documents.js';
import { FILE_SOURCE_LABEL } from '../../app/labels-domain';
import { formatDateCn } from '../../app/labels';
import { periodLabel } from '../../app/labels';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { scrollWidth } from '../supervision-board/ItemTitleLink';
import { useConsultationFiles } from './documents.api';
import { t } from '../../app/i18n';

const SOURCE_COLOR: Record<FileSource, string> = { meeting: 'purple', need: 'cyan', item_comment: 'default', report: 'blue', completion: 'green' };

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** What the file belongs to, the way people would name it, and where it is shown. */
function ownerOf(f: ConsultationFile, consultationId: number): { text: string; to: string } | null {
  const base = `/consultations/${consultationId}`;
  if (f.meeting) return { text: t('{v}会商会议 · {venue}', { v: formatDateCn(f.meeting.heldOn), venue: f.meeting.venue }), to: `${base}/meetings` };
  if (f.need) return { text: t('需求：{title}', { title: f.need.title }), to: `${base}/needs` };
  if (f.item) return { text: `${f.item.title}${f.period ? `（${periodLabel(f.period)}）` : ''}`, to: `${base}/items?item=${f.item.id}` };
  return null;
}

function OwnerCell({ file, consultationId }: { file: ConsultationFile; consultationId: number }) {
  const owner = ownerOf(file, consultationId);
  if (!owner) return '—';
  return (
    <Tooltip title={owner.text} placement="topLeft">
      <Link to={owner.to}>{owner.text}</Link>
    </Tooltip>
  );
}

/** Every file uploaded anywhere in the consultation, newest first, each one click from its download. */
export function ConsultationFilesCard({ consultationId }: { consultationId: number }) {
  const files = useConsultationFiles(consultationId);
  const columns: TableColumnsType<ConsultationFile> = [
    {
      title: t('文件'),
      dataIndex: 'filename',
      ellipsis: { showTitle: false },
      render: (name: string) => (
        <Typography.Text ellipsis={{ tooltip: name }} style={{ maxWidth: '100%' }}>
          {name}
        </Typography.Text>
      ),
    },
    { title: t('类别'), dataIndex: 'source', width: 130, render: (s: FileSource) => <Tag color={SOURCE_COLOR[s]}>{FILE_SOURCE_LABEL[s]}</Tag> },
    { title: t('所属'), key: 'owner', width: 260, ellipsis: { showTitle: false }, render: (_, f) => <OwnerCell file={f} consultationId={consultationId} /> },
    { title: t('大小'), dataIndex: 'size', width: 90, align: 'right', render: (n: number) => sizeText(n) },
    { title: t('上传人'), dataIndex: 'uploadedBy', width: 120, ellipsis: true },
    { title: t('上传时间'), dataIndex: 'uploadedAt', width: 150, render: (t: string) => chinaDateTime(t) },
    {
      title: t('操作'),
      key: 'download',
      width: 90,
      render: (_, f) => (
        // Images open in the browser (the server marks them inline); the rest download under their own name.
        <Button size="small" type="link" icon={<DownloadOutlined />} href={f.url} target={isInlineImage(f.mime) ? '_blank' : undefined} data-testid="file-download">
          {isInlineImage(f.mime) ? t('查看') : t('下载')}
        </Button>
      ),
    },
  ];
  return (
    <Card
      size="small"
      title={t('附件（{v}）', { v: files.data?.length ?? 0 })}
      extra={<Typography.Text type="secondary">{t('会议照片、需求附件、协商意见附件、进展与销号佐证材料')}</Typography.Text>}
    >
      {files.isError ? (
        <QueryErrorResult error={files.error} onRetry={() => void files.refetch()} />
      ) : (
        <Table<ConsultationFile>
          rowKey="id"
          size="small"
          loading={files.isPending}
          dataSource={files.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t('本次会商尚无上传的附件') }}
          scroll={{ x: scrollWidth(columns) }}
          columns={columns}
          data-testid="consultation-files"
        />
      )}
    </Card>
  );
}
