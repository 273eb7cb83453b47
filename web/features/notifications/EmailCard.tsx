import { Button, Card, Form, Input, Typography } from 'antd';
import { useFeedback } from '../../app/feedback';
import { zEmailUpdate } from '../../../domain/notifications.js';
import { useShowApiError } from '../../app/use-api-error';
import { useOwnEmail, useSetOwnEmail } from './notifications.api';
import { t } from '../../app/i18n';

/** 通知邮箱 on the profile page: where this user's notifications are also mailed. */
export function EmailCard() {
  const current = useOwnEmail();
  return (
    <Card title={t('通知邮箱')} size="small">
      <Typography.Paragraph type="secondary">{t('催办、亮灯、督办等通知除站内通知外，还会发送到这个邮箱（需管理员已配置邮件服务）。')}</Typography.Paragraph>
      {current.data && <EmailForm key={current.data.email ?? ''} email={current.data.email} />}
    </Card>
  );
}

function EmailForm({ email }: { email: string | null }) {
  const [form] = Form.useForm<{ email: string }>();
  const set = useSetOwnEmail();
  const { message } = useFeedback();
  const showError = useShowApiError();
  const submit = ({ email: raw }: { email: string }) => {
    const value = raw?.trim() ? raw.trim() : null;
    const parsed = zEmailUpdate.safeParse({ email: value });
    if (!parsed.success) return void form.setFields([{ name: 'email', errors: [t('电子邮箱格式不正确')] }]);
    set.mutate(parsed.data.email, {
      onSuccess: () => void message.success(value ? t('通知邮箱已保存') : t('已清除通知邮箱')),
      onError: (err) => showError(err, { form, fields: ['email'] }),
    });
  };
  return (
    <Form form={form} layout="inline" initialValues={{ email: email ?? '' }} onFinish={submit} data-testid="email-form">
      <Form.Item name="email" style={{ flex: 1 }}>
        <Input type="email" placeholder="name@example.gov.cn" allowClear maxLength={200} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={set.isPending}>
        {t('保存')}
      </Button>
    </Form>
  );
}
