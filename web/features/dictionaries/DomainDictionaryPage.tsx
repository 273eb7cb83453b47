import { useEffect, useState } from 'react';
import { Button, Form, Input, InputNumber, Modal, Switch, Table, Tag, type TableColumnsType } from 'antd';
import { useFeedback } from '../../app/feedback';
import { PlusOutlined } from '@ant-design/icons';
import { useShowApiError } from '../../app/use-api-error';
import { applyProblems, clearErrorsOnChange, zodProblems } from '../../components/form-errors';
import { Page } from '../../components/Page';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { zDictCreate, zDictUpdate, type DictItem } from '../../../domain/dictionaries.js';
import { useDomainDictionary, useDomainMutations } from './dictionaries.api';
import { t } from '../../app/i18n';

type Target = { mode: 'create' } | { mode: 'edit'; entry: DictItem };

interface Values {
  value: string;
  label: string;
  sortOrder: number | null;
}

const FIELDS = ['value', 'label', 'sortOrder'] as const;

/** 领域字典: the domains an item may carry. Values are kept once used; they are renamed or disabled, never deleted. */
export function DomainDictionaryPage() {
  const dict = useDomainDictionary();
  const { update } = useDomainMutations();
  const { message } = useFeedback();
  const showError = useShowApiError();
  const [target, setTarget] = useState<Target | null>(null);

  const toggle = async (entry: DictItem, enabled: boolean) => {
    try {
      await update.mutateAsync({ id: entry.id, body: { enabled, version: entry.version } });
      void message.success(enabled ? t('已启用“{label}”', { label: entry.label }) : t('已停用“{label}”，新事项不能再选用', { label: entry.label }));
    } catch (err) {
      showError(err);
    }
  };

  const columns: TableColumnsType<DictItem> = [
    { title: t('领域名称'), dataIndex: 'label' },
    { title: t('存储值'), dataIndex: 'value', width: 200, render: (v: string, e) => (v === e.label ? <span>{v}</span> : <Tag>{v}</Tag>) },
    { title: t('排序'), dataIndex: 'sortOrder', width: 90 },
    {
      title: t('启用'),
      dataIndex: 'enabled',
      width: 110,
      render: (enabled: boolean, e) => (
        <Switch
          checked={enabled}
          checkedChildren={t('启用')}
          unCheckedChildren={t('停用')}
          onChange={(on) => void toggle(e, on)}
          loading={update.isPending && update.variables?.id === e.id}
        />
      ),
    },
    {
      title: t('操作'),
      key: 'actions',
      width: 100,
      render: (_, e) => (
        <Button type="link" size="small" onClick={() => setTarget({ mode: 'edit', entry: e })}>
          {t('修改')}
        </Button>
      ),
    },
  ];

  return (
    <Page
      title={t('领域字典')}
      subTitle={t('事项可选的领域。已用过的领域不能删除；不再使用的请停用，已有事项保持原值。')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ mode: 'create' })}>
          {t('新增领域')}
        </Button>
      }
    >
      {dict.isError ? (
        <QueryErrorResult error={dict.error} onRetry={() => void dict.refetch()} />
      ) : (
        <Table<DictItem> rowKey="id" size="middle" columns={columns} dataSource={dict.data} loading={dict.isPending} pagination={false} />
      )}
      <DictFormModal target={target} onClose={() => setTarget(null)} />
    </Page>
  );
}

function DictFormModal({ target, onClose }: { target: Target | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const { create, update } = useDomainMutations();
  const { message } = useFeedback();
  const showError = useShowApiError();
  const editing = target?.mode === 'edit' ? target.entry : null;

  useEffect(() => {
    if (!target) return;
    form.resetFields();
    form.setFieldsValue(
      target.mode === 'edit' ? { value: target.entry.value, label: target.entry.label, sortOrder: target.entry.sortOrder } : { value: '', label: '', sortOrder: null },
    );
  }, [target, form]);

  const submit = async () => {
    const v = form.getFieldsValue();
    const formTarget = { form, fields: FIELDS };
    try {
      if (editing) {
        const parsed = zDictUpdate.safeParse({ label: v.label, sortOrder: v.sortOrder ?? undefined, version: editing.version });
        if (!parsed.success) return void applyProblems(form, zodProblems(parsed.error), FIELDS);
        await update.mutateAsync({ id: editing.id, body: parsed.data });
        void message.success(t('已保存'));
      } else {
        const parsed = zDictCreate.safeParse({ value: v.value, label: v.label?.trim() ? v.label : undefined, sortOrder: v.sortOrder ?? undefined });
        if (!parsed.success) return void applyProblems(form, zodProblems(parsed.error), FIELDS);
        await create.mutateAsync(parsed.data);
        void message.success(t('领域已新增'));
      }
      onClose();
    } catch (err) {
      showError(err, formTarget);
    }
  };

  return (
    <Modal
      open={target !== null}
      title={editing ? t('修改领域 · {label}', { label: editing.label }) : t('新增领域')}
      okText={t('保存')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
    >
      <Form form={form} onValuesChange={clearErrorsOnChange(form)} layout="vertical" data-testid="dict-form">
        <Form.Item name="value" label={t('存储值')} required extra={editing ? t('存储值写入事项，新增后不能修改') : t('写入事项的值，如“乡村振兴”')}>
          <Input maxLength={50} disabled={Boolean(editing)} />
        </Form.Item>
        <Form.Item name="label" label={t('显示名称')} extra={editing ? undefined : t('留空则与存储值相同')}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="sortOrder" label={t('排序')} extra={t('数字小的排在前面')}>
          <InputNumber<number> min={0} max={10_000} precision={0} style={{ width: 160 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
