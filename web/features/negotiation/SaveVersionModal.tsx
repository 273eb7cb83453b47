import { useEffect } from 'react';
import { Form, Input, Modal, Typography } from 'antd';
import { useFeedback } from '../../app/feedback';
import { LIMITS } from '../../../domain/common.js';
import { zVersionCreate } from '../../../domain/negotiation.js';
import { useShowApiError } from '../../app/use-api-error';
import { applyProblems, clearErrorsOnChange, zodProblems } from '../../components/form-errors';
import { useCreateVersion } from './negotiation.api';
import { t } from '../../app/i18n';

const FIELDS = ['label'] as const;

/** 保存版本: the list as it stands, kept under a label both sides will recognise. */
export function SaveVersionModal({ consultationId, open, onClose }: { consultationId: number; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<{ label: string }>();
  const { message } = useFeedback();
  const create = useCreateVersion(consultationId);
  const showError = useShowApiError();

  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  const submit = async () => {
    const parsed = zVersionCreate.safeParse({ label: form.getFieldValue('label') ?? '' });
    if (!parsed.success) return void applyProblems(form, zodProblems(parsed.error), FIELDS);
    try {
      await create.mutateAsync(parsed.data.label);
      void message.success(t('版本已保存'));
      onClose();
    } catch (err) {
      showError(err, { form, fields: FIELDS });
    }
  };

  return (
    <Modal
      open={open}
      title={t('保存版本')}
      okText={t('保存')}
      cancelText={t('取消')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('保存当前清单的全部事项，之后可与其他版本逐项对比。')}</Typography.Paragraph>
      <Form form={form} onValuesChange={clearErrorsOnChange(form)} layout="vertical" data-testid="version-form">
        <Form.Item name="label" label={t('版本说明')} required>
          <Input maxLength={LIMITS.nameMax} showCount placeholder={t('如：县方第二轮修改意见')} data-testid="version-label" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
