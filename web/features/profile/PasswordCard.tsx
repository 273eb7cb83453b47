import { Button, Card, Form, Input } from 'antd';
import { useFeedback } from '../../app/feedback';
import { LIMITS } from '../../../domain/common.js';
import { passwordProblems, zPasswordChange, type Me } from '../../../domain/users.js';
import { useShowApiError } from '../../app/use-api-error';
import { applyProblems, clearErrorsOnChange, zodProblems } from '../../components/form-errors';
import { useProfileMutations } from './profile.api';
import { t } from '../../app/i18n';

const PW_FIELDS = ['oldPassword', 'newPassword', 'confirm'] as const;

/** Changing one's own password: on the profile page, and the only thing a session may do while its password is one someone else set. */
export function PasswordCard({ me, onChanged }: { me: Me; onChanged?: () => void }) {
  const rules = me.passwordRules;
  const [form] = Form.useForm<{ oldPassword: string; newPassword: string; confirm: string }>();
  const { changePassword } = useProfileMutations();
  const { message } = useFeedback();
  const showError = useShowApiError();

  const submit = async () => {
    const v = form.getFieldsValue();
    const parsed = zPasswordChange.safeParse({ oldPassword: v.oldPassword ?? '', newPassword: v.newPassword ?? '' });
    if (!parsed.success) return void applyProblems(form, zodProblems(parsed.error), PW_FIELDS);
    const weak = passwordProblems(parsed.data.newPassword, rules, me.username);
    if (weak) return void applyProblems(form, [{ field: 'newPassword', message: weak }], PW_FIELDS);
    if (v.confirm !== v.newPassword) return void applyProblems(form, [{ field: 'confirm', message: t('两次输入的新密码不一致') }], PW_FIELDS);
    try {
      await changePassword.mutateAsync(parsed.data);
      form.resetFields();
      void message.success(t('密码已修改；本账号在其他地方的登录已全部退出'));
      onChanged?.();
    } catch (err) {
      showError(err, { form, fields: PW_FIELDS });
    }
  };

  return (
    <Card title={t('修改密码')} size="small">
      <Form form={form} onValuesChange={clearErrorsOnChange(form)} layout="vertical" onFinish={() => void submit()} autoComplete="off" data-testid="password-form">
        <Form.Item name="oldPassword" label={t('原密码')} required>
          <Input.Password maxLength={LIMITS.passwordMax} autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('新密码')}
          required
          extra={t('至少 {minLength} 位，含大写字母、小写字母、数字、符号中的至少 {minClasses} 类，不含用户名，不能与最近用过的密码相同', {
            minLength: rules.minLength,
            minClasses: rules.minClasses,
          })}
        >
          <Input.Password maxLength={LIMITS.passwordMax} autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="confirm" label={t('再次输入新密码')} required>
          <Input.Password maxLength={LIMITS.passwordMax} autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={changePassword.isPending}>
          {t('修改密码')}
        </Button>
      </Form>
    </Card>
  );
}
