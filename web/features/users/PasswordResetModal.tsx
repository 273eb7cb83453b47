import { useEffect } from 'react';
import { Alert, Form, Input, Modal } from 'antd';
import { useFeedback } from '../../app/feedback';
import { LIMITS } from '../../../domain/common.js';
import { passwordProblems, zPasswordReset, type User } from '../../../domain/users.js';
import { useShowApiError } from '../../app/use-api-error';
import { useSession } from '../auth/session';
import { applyProblems, clearErrorsOnChange, zodProblems } from '../../components/form-errors';
import { useUserMutations } from './users.api';
import { t } from '../../app/i18n';

interface Values {
  password: string;
  confirm: string;
}

const FIELDS = ['password', 'confirm'] as const;

export function PasswordResetModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  // The policy 系统参数 set (length, classes), checked here as the server will.
  const rules = useSession().passwordRules;
  const { resetPassword } = useUserMutations();
  const { message } = useFeedback();
  const showError = useShowApiError();

  useEffect(() => {
    if (user) form.resetFields();
  }, [user, form]);

  const submit = async () => {
    if (!user) return;
    const v = form.getFieldsValue();
    const parsed = zPasswordReset.safeParse({ password: v.password ?? '' });
    if (!parsed.success) return void applyProblems(form, zodProblems(parsed.error), FIELDS);
    const weak = passwordProblems(parsed.data.password, rules, user?.username);
    if (weak) return void applyProblems(form, [{ field: 'password', message: weak }], FIELDS);
    if (v.confirm !== v.password) return void applyProblems(form, [{ field: 'confirm', message: t('两次输入的密码不一致') }], FIELDS);
    try {
      await resetPassword.mutateAsync({ id: user.id, password: parsed.data.password });
      void message.success(t('已重置“{name}”的密码', { name: user.displayName }));
      onClose();
    } catch (err) {
      showError(err, { form, fields: FIELDS });
    }
  };

  return (
    <Modal
      open={user !== null}
      title={user ? t('重置密码 · {name}', { name: user.displayName }) : t('重置密码')}
      okText={t('重置')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={resetPassword.isPending}
      destroyOnHidden
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title={t('重置后该用户的登录会话全部结束，登录锁定同时解除；用户下次登录须先把密码改成只有本人知道的。请通过安全渠道告知新密码。')}
      />
      <Form form={form} onValuesChange={clearErrorsOnChange(form)} layout="vertical" autoComplete="off">
        <Form.Item
          name="password"
          label={t('新密码')}
          required
          extra={t('至少 {minLength} 位，含大写字母、小写字母、数字、符号中的至少 {minClasses} 类，不含用户名', { minLength: rules.minLength, minClasses: rules.minClasses })}
        >
          <Input.Password maxLength={LIMITS.passwordMax} autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="confirm" label={t('再次输入')} required>
          <Input.Password maxLength={LIMITS.passwordMax} autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
