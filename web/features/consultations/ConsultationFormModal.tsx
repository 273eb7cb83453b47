import { useEffect } from 'react';
import { Alert, Form, Input, InputNumber, Modal } from 'antd';
import { listIsOpen, zConsultationCreate, zConsultationUpdate, type ConsultationDetail } from '../../../domain/consultations.js';
import { LIMITS } from '../../../domain/common.js';
import { useShowApiError } from '../../app/use-api-error';
import { applyProblems, clearErrorsOnChange, zodProblems } from '../../components/form-errors';
import { useSession } from '../auth/session';
import { useCreateConsultation, useUpdateConsultation } from './consultations.api';
import { PartnerSelect } from './PartnerSelect';
import { t } from '../../app/i18n';

interface Values {
  title: string;
  year: number | null;
  theme: string;
  partnerOrgIds: number[];
}

const FIELDS = ['title', 'year', 'theme', 'partnerOrgIds'] as const;

interface Props {
  open: boolean;
  onClose: () => void;
  /** Editing this consultation; creating a new one when absent. */
  editing?: ConsultationDetail;
  onCreated?: (c: ConsultationDetail) => void;
}

export function ConsultationFormModal({ open, onClose, editing, onCreated }: Props) {
  const [form] = Form.useForm<Values>();
  const me = useSession();
  const create = useCreateConsultation();
  const update = useUpdateConsultation(editing?.id ?? 0);
  const showError = useShowApiError();
  const partnersLocked = editing ? !listIsOpen(editing.status) : false;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      editing
        ? { title: editing.title, year: editing.year, theme: editing.theme, partnerOrgIds: editing.partnerOrgs.map((o) => o.id) }
        : { title: '', year: new Date().getFullYear(), theme: '', partnerOrgIds: [] },
    );
  }, [open, editing, form]);

  const submit = async () => {
    const v = form.getFieldsValue();
    const target = { form, fields: FIELDS };
    const input = { title: v.title ?? '', year: v.year ?? undefined, theme: v.theme ?? '', partnerOrgIds: v.partnerOrgIds ?? [] };
    if (editing) {
      const parsed = zConsultationUpdate.safeParse({
        ...input,
        partnerOrgIds: partnersLocked ? undefined : input.partnerOrgIds,
        version: editing.version,
      });
      if (!parsed.success) return void applyProblems(form, zodProblems(parsed.error), FIELDS);
      try {
        await update.mutateAsync(parsed.data);
        onClose();
      } catch (err) {
        showError(err, target);
      }
      return;
    }
    const parsed = zConsultationCreate.safeParse(input);
    if (!parsed.success) return void applyProblems(form, zodProblems(parsed.error), FIELDS);
    try {
      const c = await create.mutateAsync(parsed.data);
      onClose();
      onCreated?.(c);
    } catch (err) {
      showError(err, target);
    }
  };

  return (
    <Modal
      open={open}
      title={editing ? t('修改会商') : t('发起会商')}
      okText={editing ? t('保存') : t('发起')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
      width={640}
    >
      {!editing && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('以“{org}”名义发起，会商建立后处于“筹备中”，可录入清单事项。', { org: me.org.name })} />}
      <Form form={form} onValuesChange={clearErrorsOnChange(form)} layout="vertical" data-testid="consultation-form">
        <Form.Item name="title" label={t('会商名称')} required>
          <Input maxLength={LIMITS.titleMax} placeholder={t('如：广元市科学技术局 旺苍县人民政府 局县科技会商')} />
        </Form.Item>
        <Form.Item name="year" label={t('年度')} required>
          <InputNumber min={2000} max={2100} precision={0} style={{ width: 160 }} suffix={t('年')} />
        </Form.Item>
        {partnersLocked ? (
          <Form.Item label={t('会商方')} extra={t('清单议定后不能再更换会商方')}>
            <Input value={editing?.partnerOrgs.map((o) => o.name).join(t('、'))} disabled />
          </Form.Item>
        ) : (
          <Form.Item name="partnerOrgIds" label={t('会商方')} required extra={t('可选一个或多个县（区）人民政府；部门以事项的牵头、配合单位参与，不作为会商方')}>
            <PartnerSelect hostOrgId={editing?.hostOrg.id ?? me.org.id} />
          </Form.Item>
        )}
        <Form.Item name="theme" label={t('会商主题')}>
          <Input.TextArea rows={3} maxLength={LIMITS.themeMax} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
