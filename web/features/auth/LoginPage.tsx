import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { zLogin } from '../../../domain/users.js';
import { isApiError } from '../../app/api-client';
import { applyProblems, zodProblems } from '../../components/form-errors';
import { useKnownMe, useLogin } from './auth.api';

interface LoginValues {
  username: string;
  password: string;
}

/** Only same-site paths: a crafted `next` must not send a user off to another host. */
function safeNext(raw: string | null): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/login')) return '/';
  return raw;
}

export function LoginPage() {
  const [form] = Form.useForm<LoginValues>();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const me = useKnownMe();
  const login = useLogin();
  const [error, setError] = useState<string | null>(null);
  const next = safeNext(params.get('next'));

  if (me) return <Navigate to={next} replace />;

  const onFinish = (values: LoginValues) => {
    setError(null);
    const parsed = zLogin.safeParse(values);
    if (!parsed.success) {
      applyProblems(form, zodProblems(parsed.error), ['username', 'password']);
      return;
    }
    login.mutate(parsed.data, {
      onSuccess: () => void navigate(next, { replace: true }),
      onError: (err) => setError(isApiError(err) ? err.message : '登录失败，请稍后重试'),
    });
  };

  return (
    <div className="login-page">
      <Card className="login-card" variant="borderless">
        <div className="login-brand">
          <div className="login-logo">会商</div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            会商 · 局县科技会商平台
          </Typography.Title>
          <Typography.Text type="secondary">清单制议题 · 闭环落实 · 按期销号</Typography.Text>
        </div>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false} size="large" autoComplete="on">
          <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} placeholder="用户名" autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} placeholder="密码" autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending}>
            登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}
