import { useEffect } from 'react';
import { DatePicker, Form, Input, Modal } from 'antd';
import { useFeedback } from '../../app/feedback';
import dayjs, { type Dayjs } from 'dayjs';
import type { Notice } from '../../../domain/notices.js';
import { NOTICE_LIMITS } from '../../../domain/notices.js';
import { useShowApiError } from '../../app/use-api-error';
import { useDraftNotice, useUpdateNotice } from './notices.api';
import { t } from '../../app/i18n';

interface Values {
  reason: string;
  requirements: string;
  responseDue: Dayjs | null;
}

const FIELDS = ['reason', 'requirements', 'responseDue'] as const;

/** Drafting a notice, or editing one the leader sent back (it then goes before the leader again). */
export function NoticeFormModal({ itemId, editing, open, onClose }: { itemId: number; editing: Notice | null; open: boolean; onClose: () => void }) {
  const { message } = useFeedback();
  const showError = useShowApiError();
  const [form] = Form.useForm<Values>();
  const draft = useDraftNotice(itemId);
  const update = useUpdateNotice(itemId);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      editing
        ? { reason: editing.reason, requirements: editing.requirements, responseDue: dayjs(editing.responseDue) }
        : // The server's calendar decides what "after today" means (demo and tests set it), so no default date.
          { reason: '', requirements: '', responseDue: null },
    );
  }, [open, editing, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const body = { reason: v.reason, requirements: v.requirements, responseDue: v.responseDue!.format('YYYY-MM-DD') };
    try {
      if (editing) {
        await update.mutateAsync({ id: editing.id, body: { ...body, version: editing.version } });
        void message.success(t('督办单已修改，重新提交领导签发'));
      } else {
        await draft.mutateAsync(body);
        void message.success(t('督办单已起草，待领导签发'));
      }
      onClose();
    } catch (err) {
      showError(err, { form, fields: FIELDS });
    }
  };

  return (
    <Modal
      open={open}
      title={editing ? t('修改督办单') : t('起草督办单')}
      okText={editing ? t('重新提交') : t('提交签发')}
      cancelText={t('取消')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={draft.isPending || update.isPending}
      okButtonProps={{ ...({ 'data-testid': 'notice-submit' } as object) }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="notice-form">
        <Form.Item name="reason" label={t('督办事由')} rules={[{ required: true, whitespace: true, message: t('请填写督办事由') }]}>
          <Input.TextArea rows={3} maxLength={NOTICE_LIMITS.textMax} showCount placeholder={t('如：已超过完成时限，进展滞后')} data-testid="notice-reason" />
        </Form.Item>
        <Form.Item name="requirements" label={t('督办要求')} rules={[{ required: true, whitespace: true, message: t('请填写督办要求') }]}>
          <Input.TextArea rows={3} maxLength={NOTICE_LIMITS.textMax} showCount placeholder={t('如：请于期限内书面报告进展和整改措施')} data-testid="notice-requirements" />
        </Form.Item>
        <Form.Item name="responseDue" label={t('反馈期限')} rules={[{ required: true, message: t('请选择反馈期限') }]}>
          <DatePicker style={{ width: '100%' }} placeholder={t('选择日期')} data-testid="notice-response-due" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
