import { useState } from 'react';
import { Button, Empty, Input, List, Space, Tag, Typography, Upload } from 'antd';
import { useFeedback } from '../../app/feedback';
import { PaperClipOutlined } from '@ant-design/icons';
import { ATTACHMENT_TYPES } from '../../../domain/attachments.js';
import { zCommentCreate, type Comment } from '../../../domain/comments.js';
import type { ConsultationDetail } from '../../../domain/consultations.js';
import { SIDE_SHORT_LABEL } from '../../app/labels';
import { useShowApiError } from '../../app/use-api-error';
import { useAddComment, useAttachToComment, useComments } from './comments.api';
import { chinaDateTime } from '../../../domain/dates.js';
import { t } from '../../app/i18n';

const ACCEPT = Object.keys(ATTACHMENT_TYPES)
  .map((ext) => `.${ext}`)
  .join(',');

/** 协商意见: both sides discuss one item in threads, with files attached. */
export function ItemComments({ consultation, itemId }: { consultation: ConsultationDetail; itemId: number }) {
  const comments = useComments(itemId);
  const canWrite = consultation.can.comment;
  const all = comments.data ?? [];
  const roots = all.filter((c) => c.parentId === null);
  const repliesOf = (id: number) => all.filter((c) => c.parentId === id);
  const [replyTo, setReplyTo] = useState<Comment | null>(null);

  return (
    <section style={{ marginTop: 24 }} data-testid="item-comments">
      <Typography.Title level={5}>{t('协商意见')}</Typography.Title>
      {roots.length === 0 && !comments.isLoading ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('暂无意见')} />
      ) : (
        <List
          loading={comments.isLoading}
          dataSource={roots}
          renderItem={(c) => (
            <List.Item key={c.id} style={{ display: 'block' }}>
              <CommentBody comment={c} onReply={canWrite ? () => setReplyTo(c) : undefined} />
              {repliesOf(c.id).map((r) => (
                <div key={r.id} style={{ marginLeft: 24, marginTop: 8, paddingLeft: 12, borderLeft: '2px solid #f0f0f0' }}>
                  <CommentBody comment={r} />
                </div>
              ))}
            </List.Item>
          )}
        />
      )}
      {canWrite && <Composer itemId={itemId} replyTo={replyTo} onDone={() => setReplyTo(null)} />}
    </section>
  );
}

function CommentBody({ comment, onReply }: { comment: Comment; onReply?: () => void }) {
  return (
    <div data-testid="comment">
      <Space size={8} wrap>
        <Typography.Text strong>{comment.author.displayName}</Typography.Text>
        <Typography.Text type="secondary">{comment.author.orgName}</Typography.Text>
        {comment.side && <Tag color={comment.side === 'host' ? 'blue' : 'green'}>{SIDE_SHORT_LABEL[comment.side]}</Tag>}
        <Typography.Text type="secondary">{chinaDateTime(comment.createdAt)}</Typography.Text>
        {onReply && (
          <Button type="link" size="small" onClick={onReply} style={{ padding: 0 }}>
            {t('回复')}
          </Button>
        )}
      </Space>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0 0' }}>{comment.body}</Typography.Paragraph>
      {comment.attachments.map((a) => (
        <div key={a.id}>
          <a href={a.url} target="_blank" rel="noreferrer">
            <PaperClipOutlined /> {a.filename}
          </a>
        </div>
      ))}
    </div>
  );
}

function Composer({ itemId, replyTo, onDone }: { itemId: number; replyTo: Comment | null; onDone: () => void }) {
  const { message } = useFeedback();
  const showError = useShowApiError();
  const add = useAddComment(itemId);
  const attach = useAttachToComment(itemId);
  const [body, setBody] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async () => {
    const parsed = zCommentCreate.safeParse({ body, parentId: replyTo?.id ?? null });
    if (!parsed.success) return setProblem(parsed.error.issues[0]?.message ?? t('请填写意见'));
    setProblem(null);
    try {
      const created = await add.mutateAsync(parsed.data);
      // The comment stands even if its file is refused; the error says why.
      if (file) await attach.mutateAsync({ commentId: created.id, file });
      setBody('');
      setFile(null);
      onDone();
      void message.success(t('意见已发表'));
    } catch (err) {
      showError(err);
    }
  };

  return (
    <div style={{ marginTop: 12 }}>
      {replyTo && (
        <Typography.Text type="secondary">
          {t('回复 {name}：', { name: replyTo.author.displayName })}
          <Button type="link" size="small" onClick={onDone}>
            {t('取消回复')}
          </Button>
        </Typography.Text>
      )}
      <Input.TextArea
        value={body}
        onChange={(e) => setBody(e.target.value)}
        rows={3}
        maxLength={2000}
        showCount
        placeholder={t('对本事项的意见或建议')}
        data-testid="comment-input"
        status={problem ? 'error' : undefined}
      />
      {problem && <Typography.Text type="danger">{problem}</Typography.Text>}
      <Space style={{ marginTop: 8 }}>
        <Upload
          accept={ACCEPT}
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f);
            return false;
          }}
          onRemove={() => setFile(null)}
          fileList={file ? [{ uid: 'pending', name: file.name, status: 'done' }] : []}
        >
          <Button icon={<PaperClipOutlined />}>{t('附件')}</Button>
        </Upload>
        <Button type="primary" onClick={() => void submit()} loading={add.isPending || attach.isPending} data-testid="comment-submit">
          {t('发表意见')}
        </Button>
      </Space>
    </div>
  );
}
