import { useEffect } from 'react';
import { Form, Input, Modal } from 'antd';
import { useFeedback } from '../../app/feedback';
import { LIMITS } from '../../../domain/common.js';
import { passwordProblems, zUserCreate, zUserUpdate, type User } from '../../../domain/users.js';
import { useShowApiError } from '../../app/use-api-error';
import { useSession } from '../auth/session';
import { applyProblems, clearErrorsOnChange, zodProblems } from '../../components/form-errors';
import { OrgTreeSelect } from '../organisations/OrgTreeSelect';
import { useUserMutations } from './users.api';
import { t } from '../../app/i18n';

interface Values {
  username: string;
  displayName: string;
  orgId: number | null;
  password: string;
  phone: string;
  email: string;
}

const FIELDS = ['username', 'displayName', 'orgId', 'password', 'phone', 'email'] as const;

const blankToNull = (s: string | undefined) => (s?.trim() ? s.trim() : null);

/** Creates an account (with its first password) or edits one's name, unit and contacts. */
export function UserFormModal({ open, user, onClose }: { open: boolean; user?: User; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  // The policy 系统参数 set (length, classes), checked here as the server will.
  const rules = useSession().passwordRules;
  const { create, update } = useUserMutations();
  const { message } = useFeedback();
  const showError = useShowApiError();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      user
        ? { username: user.username, displayName: user.displayName, orgId: user.org.id, phone: user.phone ?? '', email: user.email ?? '' }
        : { username: '', displayName: '', orgId: null, password: '', phone: '', email: '' },
    );
  }, [open, user, form]);

  const submit = async () => {
    const v = form.getFieldsValue();
    const formTarget = { form, fields: FIELDS };
    try {
      if (user) {
        const parsed = zUserUpdate.safeParse({
          displayName: v.displayName,
          orgId: v.orgId ?? undefined,
          phone: blankToNull(v.phone),
          email: blankToNull(v.email),
          version: user.version,
        });
        if (!parsed.success) return void applyProblems(form, zodProblems(parsed.error), FIELDS);
        await update.mutateAsync({ id: user.id, body: parsed.data });
        void message.success(t('已保存'));
      } else {
        const parsed = zUserCreate.safeParse({
          username: v.username,
          displayName: v.displayName,
          orgId: v.orgId ?? undefined,
          password: v.password ?? '',
          phone: blankToNull(v.phone),
          email: blankToNull(v.email),
        });
        if (!parsed.success) return void applyProblems(form, zodProblems(parsed.error), FIELDS);
        const weak = passwordProblems(parsed.data.password, rules, parsed.data.username);
        if (weak) return void applyProblems(form, [{ field: 'password', message: weak }], FIELDS);
        await create.mutateAsync(parsed.data);
        void message.success(t('用户已新增；请安全管理员为其授予角色'));
      }
      onClose();
    } catch (err) {
      showError(err, formTarget);
    }
  };

  return (
    <Modal
      open={open}
      title={user ? t('编辑用户 · {username}', { username: user.username }) : t('新增用户')}
      okText={t('保存')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
      width={560}
    >
      <Form form={form} onValuesChange={clearErrorsOnChange(form)} layout="vertical" data-testid="user-form" autoComplete="off">
        <Form.Item name="username" label={t('用户名')} required extra={user ? undefined : t('小写字母开头，可含数字、点、下划线、连字符')}>
          <Input maxLength={LIMITS.usernameMax} disabled={Boolean(user)} autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('姓名')} required>
          <Input maxLength={LIMITS.nameMax} />
        </Form.Item>
        <Form.Item name="orgId" label={t('所属单位')} required>
          <OrgTreeSelect placeholder={t('选择所属单位')} />
        </Form.Item>
        {!user && (
          <Form.Item
            name="password"
            label={t('初始密码')}
            required
            extra={t('至少 {minLength} 位，含大写字母、小写字母、数字、符号中的至少 {minClasses} 类，不含用户名', { minLength: rules.minLength, minClasses: rules.minClasses })}
          >
            <Input.Password maxLength={LIMITS.passwordMax} autoComplete="new-password" />
          </Form.Item>
        )}
        <Form.Item name="phone" label={t('电话')}>
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item name="email" label={t('电子邮箱')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
