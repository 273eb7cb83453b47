import { useEffect } from 'react';
import { Form, Input, Modal, Select } from 'antd';
import { useFeedback } from '../../app/feedback';
import { LIMITS } from '../../../domain/common.js';
import { CATEGORIES, type Category } from '../../../domain/items.js';
import { CATEGORY_LABEL, NEED_URGENCY_LABEL } from '../../app/labels';
import { t } from '../../app/i18n';
import { NEED_URGENCIES, zNeedCreate, type NeedUrgency } from '../../../domain/needs.js';
import { useShowApiError } from '../../app/use-api-error';
import { applyProblems, clearErrorsOnChange, zodProblems } from '../../components/form-errors';
import { useDomainDictionary } from '../dictionaries/dictionaries.api';
import { useCreateNeed } from './needs.api';

interface Values {
  title: string;
  description: string;
  domain: string | undefined;
  urgency: NeedUrgency;
  suggestedCategory: Category | null;
}

const FIELDS = ['title', 'description', 'domain', 'urgency', 'suggestedCategory'] as const;

/** 提交需求: what the county asks of the bureau, checked with the server's own schema. */
export function NeedFormModal({ consultationId, open, onClose }: { consultationId: number; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = useFeedback();
  const create = useCreateNeed(consultationId);
  const showError = useShowApiError();
  const dict = useDomainDictionary();
  const domainOptions = (dict.data ?? []).filter((d) => d.enabled).map((d) => ({ value: d.value, label: d.label }));

  useEffect(() => {
    if (open) form.setFieldsValue({ title: '', description: '', domain: undefined, urgency: 'normal', suggestedCategory: null });
  }, [open, form]);

  const submit = async () => {
    const v = form.getFieldsValue();
    const parsed = zNeedCreate.safeParse({ ...v, suggestedCategory: v.suggestedCategory ?? null });
    if (!parsed.success) {
      applyProblems(form, zodProblems(parsed.error), FIELDS);
      return;
    }
    try {
      await create.mutateAsync(parsed.data);
      void message.success(t('需求已提交'));
      onClose();
    } catch (err) {
      showError(err, { form, fields: FIELDS });
    }
  };

  return (
    <Modal
      open={open}
      title={t('提交需求')}
      okText={t('提交')}
      cancelText={t('取消')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
      destroyOnHidden
      width={640}
    >
      <Form form={form} onValuesChange={clearErrorsOnChange(form)} layout="vertical" data-testid="need-form" requiredMark>
        <Form.Item name="title" label={t('需求名称')} required>
          <Input maxLength={LIMITS.titleMax} showCount placeholder={t('如：建设猕猴桃产业科技示范基地')} data-testid="need-title" />
        </Form.Item>
        <Form.Item name="description" label={t('需求描述')}>
          <Input.TextArea rows={4} maxLength={LIMITS.contentMax} showCount placeholder={t('现状、存在的困难、希望市局给予的支持')} data-testid="need-description" />
        </Form.Item>
        <Form.Item name="domain" label={t('领域')} required>
          <Select options={domainOptions} loading={dict.isPending} placeholder={t('选择领域')} showSearch={{ optionFilterProp: 'label' }} data-testid="need-domain" />
        </Form.Item>
        <Form.Item name="urgency" label={t('紧急程度')} required>
          <Select options={NEED_URGENCIES.map((u) => ({ value: u, label: NEED_URGENCY_LABEL[u] }))} data-testid="need-urgency-select" />
        </Form.Item>
        <Form.Item name="suggestedCategory" label={t('建议类别')}>
          <Select allowClear placeholder={t('不确定可不选')} options={CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABEL[c] }))} data-testid="need-category" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
