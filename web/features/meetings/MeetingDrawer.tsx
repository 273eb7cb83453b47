import { Button, Descriptions, Drawer, Empty, Flex, Image, Popconfirm, Space, Table, Typography, Upload } from 'antd';
import { useFeedback } from '../../app/feedback';
import { CameraOutlined, DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { formatDateCn } from '../../app/labels';
import { t } from '../../app/i18n';
import { MEETING_PHOTO_EXTENSIONS, type Meeting } from '../../../domain/meetings.js';
import { useShowApiError } from '../../app/use-api-error';
import { useDeleteMeeting, useMeeting, useUploadMeetingPhoto } from './meetings.api';
import { MinutesDownloadButton } from '../documents/DocumentButtons';
import { chinaDate } from '../../../domain/dates.js';

const ACCEPT = MEETING_PHOTO_EXTENSIONS.map((e) => `.${e}`).join(',');

interface Props {
  meetingId: number | null;
  placeholder?: Meeting;
  canWrite: boolean;
  onEdit: (m: Meeting) => void;
  onClose: () => void;
}

/** One meeting: when, where, who, the agenda, the minutes as the server kept them, and the photos. */
export function MeetingDrawer({ meetingId, placeholder, canWrite, onEdit, onClose }: Props) {
  const { message } = useFeedback();
  const showError = useShowApiError();
  const query = useMeeting(meetingId, placeholder);
  const upload = useUploadMeetingPhoto();
  const remove = useDeleteMeeting();
  const m = query.data;

  const doDelete = async (meeting: Meeting) => {
    try {
      await remove.mutateAsync(meeting);
      void message.success(t('会议记录已删除'));
      onClose();
    } catch (err) {
      showError(err);
    }
  };

  return (
    <Drawer
      open={meetingId !== null}
      onClose={onClose}
      size="large"
      title={m ? t('{date} 会商会议', { date: formatDateCn(m.heldOn) }) : t('会商会议')}
      destroyOnHidden
      extra={
        canWrite &&
        m && (
          <Space>
            <Popconfirm
              title={t('删除这条会议记录？')}
              description={m.photos.length ? t('会议照片（{n}张）将一并删除，不能恢复。', { n: m.photos.length }) : t('删除后不能恢复。')}
              okText={t('删除')}
              okButtonProps={{ danger: true, ...({ 'data-testid': 'delete-meeting-ok' } as object) }}
              cancelText={t('取消')}
              onConfirm={() => doDelete(m)}
            >
              <Button danger icon={<DeleteOutlined />} loading={remove.isPending} data-testid="delete-meeting">
                {t('删除')}
              </Button>
            </Popconfirm>
            <Button icon={<EditOutlined />} onClick={() => onEdit(m)} data-testid="edit-meeting">
              {t('修改')}
            </Button>
          </Space>
        )
      }
    >
      {m && (
        <Flex vertical gap={16} data-testid="meeting-detail">
          <div>
            <MinutesDownloadButton meetingId={m.id} />
          </div>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('会议日期')}>{formatDateCn(m.heldOn)}</Descriptions.Item>
            <Descriptions.Item label={t('会议地点')}>{m.venue}</Descriptions.Item>
            <Descriptions.Item label={t('会议议程')}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{m.agenda || '—'}</Typography.Paragraph>
            </Descriptions.Item>
            <Descriptions.Item label={t('登记人')}>
              {m.createdBy.displayName} · {chinaDate(m.createdAt)}
            </Descriptions.Item>
          </Descriptions>

          <div>
            <Typography.Title level={5}>{t('参会人员（{n}人）', { n: m.attendees.length })}</Typography.Title>
            <Table
              size="small"
              rowKey={(_a, i) => String(i)}
              pagination={false}
              dataSource={m.attendees}
              columns={[
                { title: t('序号'), width: 56, render: (_v, _a, i) => i + 1 },
                { title: t('姓名'), dataIndex: 'name' },
                { title: t('单位'), dataIndex: 'orgName' },
                { title: t('职务'), dataIndex: 'title', render: (v: string) => v || '—' },
              ]}
            />
          </div>

          <div>
            <Typography.Title level={5}>{t('会议纪要')}</Typography.Title>
            {m.minutesHtml ? (
              // The server keeps only a safe subset of HTML (no scripts, styles, event attributes or non-http links).
              <div className="meeting-minutes" data-testid="meeting-minutes" dangerouslySetInnerHTML={{ __html: m.minutesHtml }} />
            ) : (
              <Typography.Text type="secondary">{t('暂无纪要')}</Typography.Text>
            )}
          </div>

          <div>
            <Typography.Title level={5}>{t('会议照片')}</Typography.Title>
            {m.photos.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('暂无照片')} />
            ) : (
              <Image.PreviewGroup>
                <Flex gap={8} wrap>
                  {m.photos.map((p) => (
                    <Image key={p.id} src={p.url} alt={p.filename} width={120} height={90} style={{ objectFit: 'cover' }} data-testid="meeting-photo" />
                  ))}
                </Flex>
              </Image.PreviewGroup>
            )}
            {canWrite && (
              <Upload
                accept={ACCEPT}
                showUploadList={false}
                beforeUpload={(file) => {
                  upload.mutate({ meeting: m, file }, { onSuccess: () => void message.success(t('照片已上传')), onError: (err) => showError(err) });
                  return false;
                }}
              >
                <Button icon={<CameraOutlined />} loading={upload.isPending} style={{ marginTop: 8 }} data-testid="meeting-upload">
                  {t('上传照片')}
                </Button>
              </Upload>
            )}
          </div>
        </Flex>
      )}
    </Drawer>
  );
}
