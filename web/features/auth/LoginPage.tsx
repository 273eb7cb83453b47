import { useState, type ChangeEvent, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { Button, Input } from 'antd';
import { Callout } from '../../components/Callout';
import { Heading, Text } from '../../components/Text';
import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { zLogin } from '../../../domain/users.js';
import { isApiError } from '../../app/api-client';
import { zodProblems } from '../../components/form-errors';
import { Panel } from '../../components/Panel';
import { takeEndReason, useKnownMe, useLogin } from './auth.api';
import { t } from '../../app/i18n';
import { LanguageSwitch } from '../../app/LanguageSwitch';

interface LoginValues {
  username: string;
  password: string;
  /** The second step's TOTP or recovery code, asked for once the password was right. */
  code: string;
}

/** Only same-site paths: a crafted `next` must not send a user off to another host. */
function safeNext(raw: string | null): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/login')) return '/';
  return raw;
}

const FIELD_PROBLEM: Partial<Record<keyof LoginValues, string>> = {
  username: t('请输入用户名'),
  password: t('请输入密码'),
  code: t('请输入 6 位动态验证码或恢复码'),
};

export function LoginPage() {
  const [values, setValues] = useState<LoginValues>({ username: '', password: '', code: '' });
  const [secondStep, setSecondStep] = useState(false);
  const [problems, setProblems] = useState<Partial<Record<keyof LoginValues, string>>>({});
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const me = useKnownMe();
  const login = useLogin();
  const [error, setError] = useState<string | null>(null);
  const [ended] = useState(takeEndReason);
  const next = safeNext(params.get('next'));

  if (me) return <Navigate to={next} replace />;

  // A plain form, not antd's Form: its field store and validator were a sixth of the first
  // download, for two fields.
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const { code, ...credentials } = values;
    const parsed = zLogin.safeParse(secondStep ? { ...credentials, code: code.replace(/\s/g, '') } : credentials);
    if (!parsed.success) {
      const found: Partial<Record<keyof LoginValues, string>> = {};
      for (const p of zodProblems(parsed.error)) found[p.field as keyof LoginValues] ??= FIELD_PROBLEM[p.field as keyof LoginValues] ?? p.message;
      setProblems(found);
      return;
    }
    setProblems({});
    login.mutate(parsed.data, {
      onSuccess: () => void navigate(next, { replace: true }),
      onError: (err) => {
        if (isApiError(err) && err.code === 'TWO_FACTOR_REQUIRED') {
          setSecondStep(true);
          return;
        }
        // A refused code is answered as a bad password: start again from the password.
        if (secondStep) {
          setSecondStep(false);
          setValues((v) => ({ ...v, password: '', code: '' }));
        }
        setError(isApiError(err) ? err.message : t('登录失败，请稍后重试'));
      },
    });
  };
  const field = (name: keyof LoginValues) => ({
    id: `login-${name}`,
    value: values[name],
    status: problems[name] ? ('error' as const) : undefined,
    'aria-invalid': problems[name] ? true : undefined,
    'aria-describedby': problems[name] ? `login-${name}-error` : undefined,
    onChange: (e: ChangeEvent<HTMLInputElement>) => {
      setValues((v) => ({ ...v, [name]: e.target.value }));
      if (problems[name]) setProblems((p) => ({ ...p, [name]: undefined }));
    },
  });

  return (
    <div className="login-page">
      <div className="login-language">
        <LanguageSwitch />
      </div>
      <Panel className="login-card">
        <div className="login-brand">
          {/* i18n-exempt: the brand mark reads the same in every language */}
          <div className="login-logo">会商</div>
          <Heading level={3} style={{ margin: 0 }}>
            {t('会商 · 局县科技会商平台')}
          </Heading>
          <Text secondary>{t('清单制议题 · 闭环落实 · 按期销号')}</Text>
        </div>
        {error && <Callout type="error" title={error} style={{ marginBottom: 16 }} testId="login-error" />}
        {!error && ended && <Callout type="warning" title={ended} style={{ marginBottom: 16 }} testId="login-ended" />}
        <form onSubmit={onSubmit} autoComplete="on" noValidate>
          {secondStep ? (
            <div className="login-field">
              <p style={{ marginTop: 0 }} data-testid="login-second-step">
                <Text secondary>
                  {t('两步验证：请打开手机上的验证器应用，输入“会商平台”账号 {username} 当前显示的 6 位动态验证码；手机不在身边时，可输入一个恢复码（每个只能用一次）。', {
                    username: values.username,
                  })}
                </Text>
              </p>
              <label htmlFor="login-code">{t('动态验证码')}</label>
              <Input
                size="large"
                prefix={<SafetyOutlined />}
                placeholder={t('6 位数字或恢复码')}
                autoComplete="one-time-code"
                inputMode="text"
                maxLength={20}
                autoFocus
                {...field('code')}
              />
              <div className="login-field-error" id="login-code-error" role={problems.code ? 'alert' : undefined}>
                {problems.code}
              </div>
            </div>
          ) : (
            <>
              <div className="login-field">
                <label htmlFor="login-username">{t('用户名')}</label>
                <Input size="large" prefix={<UserOutlined />} placeholder={t('用户名')} autoComplete="username" autoFocus {...field('username')} />
                <div className="login-field-error" id="login-username-error" role={problems.username ? 'alert' : undefined}>
                  {problems.username}
                </div>
              </div>
              <div className="login-field">
                <label htmlFor="login-password">{t('密码')}</label>
                <Input.Password size="large" prefix={<LockOutlined />} placeholder={t('密码')} autoComplete="current-password" {...field('password')} />
                <div className="login-field-error" id="login-password-error" role={problems.password ? 'alert' : undefined}>
                  {problems.password}
                </div>
              </div>
            </>
          )}
          <Button type="primary" htmlType="submit" size="large" block loading={login.isPending}>
            {secondStep ? t('验证并登录') : t('登录')}
          </Button>
          {secondStep && (
            <Button
              type="link"
              block
              style={{ marginTop: 8 }}
              onClick={() => {
                setSecondStep(false);
                setValues((v) => ({ ...v, password: '', code: '' }));
              }}
            >
              {t('返回，换一个账号登录')}
            </Button>
          )}
        </form>
      </Panel>
    </div>
  );
}
