import { useState } from 'react';
import { Button, Card, Flex, Form, Input, Modal, Space, Tag, Typography, Upload, type UploadFile } from 'antd';
import { useFeedback } from '../../app/feedback';
import { CheckCircleOutlined, PaperClipOutlined, RollbackOutlined, UploadOutlined } from '@ant-design/icons';
import { ATTACHMENT_TYPES } from '../../../domain/attachments.js';
import { isLiveConsultation, type ConsultationDetail } from '../../../domain/consultations.js';
import { isItemClosed, type Item } from '../../../domain/items.js';
import { COMPLETION_STATUS_LABEL } from '../../app/labels';
import { COMPLETION_LIMITS, type CompletionRequest, type CompletionStatus } from '../../../domain/notices.js';
import { useShowApiError } from '../../app/use-api-error';
import { useItemCompletions, useItemNotices, useRequestCompletion, useReviewCompletion } from './notices.api';
import { chinaDate, chinaDateTime } from '../../../domain/dates.js';
import { t } from '../../app/i18n';

const STATUS_COLOR: Record<CompletionStatus, string> = { pending: 'gold', approved: 'green', returned: 'orange' };
const ACCEPT = Object.keys(ATTACHMENT_TYPES)
  .map((e) => `.${e}`)
  .join(',');

/** 办结 in the item drawer: the lead unit asks with evidence, the host verifies and closes (销号) or returns it. */
export function ItemCompletion({ consultation, item }: { consultation: ConsultationDetail; item: Item }) {
  const requests = useItemCompletions(item.id);
  // Who asks and who reviews comes with the item's supervision section (the notices answer); shared with ItemNotices' query.
  const can = useItemNotices(item.id).data?.can;
  const [asking, setAsking] = useState(false);
  const live = isLiveConsultation(consultation.status);
  const list = requests.data ?? [];
  const pending = list.find((r) => r.status === 'pending');
  const approved = list.find((r) => r.status === 'approved');
  const open = !isItemClosed(item.status);
  const canAsk = live && open && !pending && can?.requestCompletion === true;
  const canReview = live && can?.reviewCompletion === true;
  if (!live && !list.length) return null;

  return (
    <section data-testid="item-completion" style={{ marginTop: 24 }}>
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }} wrap>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('办结')}
          {approved && (
            <Typography.Text type="success" style={{ fontSize: 14, fontWeight: 'normal', marginLeft: 8 }} data-testid="completion-closed">
              {t('已销号')}
            </Typography.Text>
          )}
        </Typography.Title>
        {canAsk && (
          <Button icon={<CheckCircleOutlined />} onClick={() => setAsking(true)} data-testid="completion-request">
            {t('申请办结')}
          </Button>
        )}
      </Flex>
      {list.length === 0 ? (
        <Typography.Text type="secondary">{open ? t('尚未申请办结。申请须附验收报告、照片等证明材料。') : '—'}</Typography.Text>
      ) : (
        <Flex vertical gap={12}>
          {list.map((r) => (
            <RequestCard key={r.id} request={r} itemId={item.id} consultationId={consultation.id} canReview={canReview && r.status === 'pending'} />
          ))}
        </Flex>
      )}
      <RequestModal open={asking} onClose={() => setAsking(false)} itemId={item.id} consultationId={consultation.id} />
    </section>
  );
}

function RequestCard({ request: r, itemId, consultationId, canReview }: { request: CompletionRequest; itemId: number; consultationId: number; canReview: boolean }) {
  const { message } = useFeedback();
  const showError = useShowApiError();
  const review = useReviewCompletion(itemId, consultationId);
  const [returning, setReturning] = useState(false);
  const [note, setNote] = useState('');
  const decide = async (approve: boolean) => {
    try {
      await review.mutateAsync({ approve, note: note.trim() });
      void message.success(approve ? t('已审核通过，事项销号') : t('已退回办结申请'));
      setReturning(false);
      setNote('');
    } catch (err) {
      showError(err);
    }
  };
  return (
    <Card
      size="small"
      data-testid={`completion-${r.id}`}
      title={
        <Space wrap>
          <Tag color={STATUS_COLOR[r.status]}>{COMPLETION_STATUS_LABEL[r.status]}</Tag>
          <Typography.Text type="secondary">
            {r.requestedBy.displayName} · {chinaDateTime(r.requestedAt)}
          </Typography.Text>
        </Space>
      }
    >
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{r.summary}</Typography.Paragraph>
      <Flex vertical gap={2}>
        {r.evidence.map((f) => (
          <a key={f.id} href={f.url} target="_blank" rel="noreferrer">
            <PaperClipOutlined /> {f.filename}
          </a>
        ))}
      </Flex>
      {r.reviewedBy && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {r.reviewNote
            ? t('审核：{name} · {date}：{note}', { name: r.reviewedBy.displayName, date: chinaDate(r.reviewedAt), note: r.reviewNote })
            : t('审核：{name} · {date}', { name: r.reviewedBy.displayName, date: chinaDate(r.reviewedAt) })}
        </Typography.Paragraph>
      )}
      {canReview && (
        <Space style={{ marginTop: 12 }}>
          <Button type="primary" icon={<CheckCircleOutlined />} loading={review.isPending} onClick={() => void decide(true)} data-testid="completion-approve">
            {t('审核通过并销号')}
          </Button>
          <Button icon={<RollbackOutlined />} onClick={() => setReturning(true)} data-testid="completion-return">
            {t('退回')}
          </Button>
        </Space>
      )}
      <Modal
        open={returning}
        title={t('退回办结申请')}
        okText={t('退回')}
        cancelText={t('取消')}
        okButtonProps={{ disabled: !note.trim(), danger: true, ...({ 'data-testid': 'completion-return-confirm' } as object) }}
        confirmLoading={review.isPending}
        onOk={() => void decide(false)}
        onCancel={() => setReturning(false)}
        destroyOnHidden
      >
        <Input.TextArea
          rows={3}
          maxLength={COMPLETION_LIMITS.noteMax}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t('退回理由（必填）')}
          data-testid="completion-return-note"
        />
      </Modal>
    </Card>
  );
}

function RequestModal({ open, onClose, itemId, consultationId }: { open: boolean; onClose: () => void; itemId: number; consultationId: number }) {
  const { message } = useFeedback();
  const showError = useShowApiError();
  const ask = useRequestCompletion(itemId, consultationId);
  const [form] = Form.useForm<{ summary: string }>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await ask.mutateAsync({ summary: v.summary, files: files.map((f) => f.originFileObj as File) });
      void message.success(t('办结申请已提交，待市局审核'));
      form.resetFields();
      setFiles([]);
      onClose();
    } catch (err) {
      showError(err, { form, fields: ['summary'] });
    }
  };
  return (
    <Modal
      open={open}
      title={t('申请办结')}
      okText={t('提交申请')}
      cancelText={t('取消')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={ask.isPending}
      okButtonProps={{ disabled: files.length === 0, ...({ 'data-testid': 'completion-submit' } as object) }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item name="summary" label={t('完成情况')} rules={[{ required: true, whitespace: true, message: t('请填写完成情况') }]}>
          <Input.TextArea rows={4} maxLength={COMPLETION_LIMITS.summaryMax} showCount placeholder={t('目标完成情况、验收结论等')} data-testid="completion-summary" />
        </Form.Item>
        <Form.Item label={t('证明材料')} required extra={t('必传，最多 {n} 个：验收报告、现场照片、批复文件等', { n: COMPLETION_LIMITS.evidenceMax })}>
          <Upload
            multiple
            accept={ACCEPT}
            fileList={files}
            beforeUpload={() => false}
            onChange={({ fileList }) => setFiles(fileList.slice(0, COMPLETION_LIMITS.evidenceMax))}
            data-testid="completion-evidence"
          >
            <Button icon={<UploadOutlined />}>{t('选择文件')}</Button>
          </Upload>
        </Form.Item>
      </Form>
    </Modal>
  );
}
