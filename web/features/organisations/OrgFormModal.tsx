import { useCallback, useEffect, useMemo } from 'react';
import { Form, Input, InputNumber, Modal, Select } from 'antd';
import { useFeedback } from '../../app/feedback';
import { LIMITS } from '../../../domain/common.js';
import { ORG_KIND_LABEL } from '../../app/labels';
import { divisionCodeFits, ORG_KINDS, zOrgCreate, zOrgUpdate, type Org, type OrgKind } from '../../../domain/organisations.js';
import { useShowApiError } from '../../app/use-api-error';
import { applyProblems, clearErrorsOnChange, zodProblems } from '../../components/form-errors';
import { subtreeIds } from './org-tree';
import { useOrganisations, useOrgMutations } from './organisations.api';
import { OrgTreeSelect } from './OrgTreeSelect';
import { t } from '../../app/i18n';

export type OrgModalTarget = { mode: 'create'; parentId: number | null } | { mode: 'edit'; org: Org };

interface Values {
  name: string;
  shortName: string;
  kind: OrgKind;
  parentId: number | null;
  divisionCode: string;
  sortOrder: number | null;
}

const FIELDS = ['name', 'shortName', 'kind', 'parentId', 'divisionCode', 'sortOrder'] as const;

export function OrgFormModal({ target, onClose }: { target: OrgModalTarget | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = useFeedback();
  const orgs = useOrganisations();
  const { create, update } = useOrgMutations();
  const showError = useShowApiError();
  const editing = target?.mode === 'edit' ? target.org : null;

  useEffect(() => {
    if (!target) return;
    form.resetFields();
    if (target.mode === 'edit') {
      const o = target.org;
      form.setFieldsValue({ name: o.name, shortName: o.shortName ?? '', kind: o.kind, parentId: o.parentId, divisionCode: o.divisionCode ?? '', sortOrder: o.sortOrder });
    } else {
      form.setFieldsValue({ name: '', shortName: '', kind: 'department', parentId: target.parentId, divisionCode: '', sortOrder: null });
    }
  }, [target, form]);

  // An org cannot move under itself or its own descendants.
  const blocked = useMemo(() => (editing ? subtreeIds(orgs.data ?? [], editing.id) : new Set<number>()), [editing, orgs.data]);
  const disabledOrg = useCallback((o: Org) => blocked.has(o.id), [blocked]);

  const submit = async () => {
    const v = form.getFieldsValue();
    const input = {
      name: v.name ?? '',
      shortName: v.shortName?.trim() ? v.shortName : null,
      kind: v.kind,
      parentId: v.parentId ?? null,
      divisionCode: v.divisionCode?.trim() ? v.divisionCode.trim() : null,
      sortOrder: v.sortOrder ?? undefined,
    };
    if (!divisionCodeFits(input.kind, input.divisionCode)) {
      applyProblems(form, [{ field: 'divisionCode', message: t('行政区划代码与组织类型不符（省以 0000 结尾，市以 00 结尾；部门可不填）') }], FIELDS);
      return;
    }
    const formTarget = { form, fields: FIELDS };
    try {
      if (editing) {
        const parsed = zOrgUpdate.safeParse({ ...input, version: editing.version });
        if (!parsed.success) return void applyProblems(form, zodProblems(parsed.error), FIELDS);
        await update.mutateAsync({ id: editing.id, body: parsed.data });
        void message.success(t('已保存'));
      } else {
        const parsed = zOrgCreate.safeParse(input);
        if (!parsed.success) return void applyProblems(form, zodProblems(parsed.error), FIELDS);
        await create.mutateAsync(parsed.data);
        void message.success(t('组织已新增'));
      }
      onClose();
    } catch (err) {
      showError(err, formTarget);
    }
  };

  return (
    <Modal
      open={target !== null}
      title={editing ? t('编辑组织 · {name}', { name: editing.name }) : t('新增组织')}
      okText={t('保存')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
      width={600}
    >
      <Form form={form} onValuesChange={clearErrorsOnChange(form)} layout="vertical" data-testid="org-form">
        <Form.Item name="name" label={t('名称')} required>
          <Input maxLength={LIMITS.nameMax} />
        </Form.Item>
        <Form.Item name="shortName" label={t('简称')} extra={t('清单中显示的名称，如“县农业农村局”')}>
          <Input maxLength={LIMITS.nameMax} />
        </Form.Item>
        <Form.Item name="kind" label={t('类型')} required>
          <Select options={ORG_KINDS.map((k) => ({ value: k, label: ORG_KIND_LABEL[k] }))} />
        </Form.Item>
        <Form.Item name="parentId" label={t('上级组织')} extra={t('留空则为顶级组织')}>
          <OrgTreeSelect placeholder={t('选择上级组织')} disabledOrg={disabledOrg} />
        </Form.Item>
        <Form.Item name="divisionCode" label={t('行政区划代码')} extra={t('6 位数字；省以 0000 结尾，市以 00 结尾；部门和其他可不填')}>
          <Input maxLength={6} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="sortOrder" label={t('排序')}>
          <InputNumber<number> min={0} max={100_000} precision={0} style={{ width: 160 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
