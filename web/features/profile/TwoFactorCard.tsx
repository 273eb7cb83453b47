import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Input, Modal, QRCode, Space, Tag, Typography } from 'antd';
import { chinaDateTime } from '../../../domain/dates.js';
import { RECOVERY_CODE_COUNT } from '../../../domain/two-factor.js';
import { useFeedback } from '../../app/feedback';
import { t } from '../../app/i18n';
import { useShowApiError } from '../../app/use-api-error';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { useTwoFactorMutations, useTwoFactorStatus } from './profile.api';

/** The codes shown once after enrolment or regeneration, with a way to keep them before they are gone. */
export function RecoveryCodes({ codes, username, onSaved }: { codes: string[]; username: string; onSaved: () => void }) {
  const download = () => {
    const text = `${t('会商平台 {username} 的两步验证恢复码（每个只能使用一次）', { username })}\n\n${codes.join('\n')}\n`;
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${t('会商平台恢复码-{username}', { username })}.txt`;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="recovery-codes">
      <Alert
        type="warning"
        showIcon
        title={t('请立即保存这些恢复码')}
        description={t('手机丢失或无法使用验证器时，可用一个恢复码代替动态验证码登录，每个只能用一次。恢复码只显示这一次，系统只保存其摘要，无法再次查看。')}
      />
      <Typography.Paragraph copyable={{ text: codes.join('\n') }} style={{ marginBottom: 0 }}>
        <code style={{ display: 'grid', gridTemplateColumns: 'repeat(2, max-content)', gap: '4px 24px', fontSize: 16 }}>
          {codes.map((c) => (
            <span key={c}>{c}</span>
          ))}
        </code>
      </Typography.Paragraph>
      <Space wrap>
        <Button onClick={download}>{t('下载为文本文件')}</Button>
        <Button type="primary" onClick={onSaved} data-testid="recovery-codes-saved">
          {t('我已妥善保存')}
        </Button>
      </Space>
    </Space>
  );
}

/**
 * Binding an authenticator app: a new secret as a QR code (drawn here, so no outside service sees it)
 * and as text, then a first code to prove the app holds it; then the recovery codes, once.
 */
export function TwoFactorEnrolment({ username, onDone }: { username: string; onDone: () => void }) {
  const { setup, enable } = useTwoFactorMutations();
  const showError = useShowApiError();
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);

  if (codes) return <RecoveryCodes codes={codes} username={username} onSaved={onDone} />;
  if (!setup.data) {
    return (
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph style={{ marginBottom: 0 }}>
          {t('启用后，登录时除密码外还须输入手机验证器应用（如微信小程序“腾讯身份验证器”、Google Authenticator、Microsoft Authenticator 等）每 30 秒变化一次的 6 位动态验证码。')}
        </Typography.Paragraph>
        <Button type="primary" loading={setup.isPending} onClick={() => setup.mutate(undefined, { onError: (err) => showError(err) })} data-testid="two-factor-start">
          {t('开始绑定验证器')}
        </Button>
      </Space>
    );
  }
  const confirm = () => {
    const clean = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(clean)) return setProblem(t('请输入验证器应用显示的 6 位数字'));
    setProblem(null);
    enable.mutate(
      { code: clean },
      {
        onSuccess: (r) => setCodes(r.recoveryCodes),
        onError: (err) => showError(err),
      },
    );
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="two-factor-enrolment">
      <Typography.Text>{t('1. 用验证器应用扫描二维码（或手动输入密钥）：')}</Typography.Text>
      <QRCode value={setup.data.otpauthUri} size={180} bordered={false} />
      <Typography.Text>
        {t('密钥：')}
        <Typography.Text code copyable data-testid="two-factor-secret">
          {setup.data.secret}
        </Typography.Text>
      </Typography.Text>
      <Typography.Text>{t('2. 输入验证器应用显示的 6 位动态验证码以确认：')}</Typography.Text>
      <Space.Compact style={{ maxWidth: 320 }}>
        <Input
          value={code}
          onChange={(e) => setCode(e.target.value)}
          onPressEnter={confirm}
          placeholder={t('6 位数字')}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={7}
          status={problem ? 'error' : undefined}
          aria-label={t('动态验证码')}
          data-testid="two-factor-code"
        />
        <Button type="primary" loading={enable.isPending} onClick={confirm} data-testid="two-factor-confirm">
          {t('确认启用')}
        </Button>
      </Space.Compact>
      {problem && <Typography.Text type="danger">{problem}</Typography.Text>}
    </Space>
  );
}

/** Asks for a current code (or a recovery code) before a change to the second factor itself. */
function CodeModal({ title, open, pending, onSubmit, onCancel }: { title: string; open: boolean; pending: boolean; onSubmit: (code: string) => void; onCancel: () => void }) {
  const [code, setCode] = useState('');
  return (
    <Modal
      title={title}
      open={open}
      confirmLoading={pending}
      okText={t('确定')}
      onOk={() => onSubmit(code.replace(/\s/g, ''))}
      onCancel={onCancel}
      afterClose={() => setCode('')}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('请输入验证器应用当前显示的 6 位动态验证码，或一个未用过的恢复码。')}</Typography.Paragraph>
      <Input value={code} onChange={(e) => setCode(e.target.value)} maxLength={20} autoComplete="one-time-code" aria-label={t('动态验证码或恢复码')} />
    </Modal>
  );
}

export function TwoFactorCard({ username }: { username: string }) {
  const status = useTwoFactorStatus();
  const { disable, regenerate } = useTwoFactorMutations();
  const { message } = useFeedback();
  const showError = useShowApiError();
  const [enrolling, setEnrolling] = useState(false);
  const [asking, setAsking] = useState<'disable' | 'regenerate' | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);

  if (status.isError) return <QueryErrorResult error={status.error} onRetry={() => void status.refetch()} />;
  const s = status.data;
  const submit = (code: string) => {
    if (asking === 'disable') {
      disable.mutate(
        { code },
        {
          onSuccess: () => {
            setAsking(null);
            void message.success(t('两步验证已关闭；本账号在其他地方的登录已全部退出'));
          },
          onError: (err) => showError(err),
        },
      );
    } else {
      regenerate.mutate(
        { code },
        {
          onSuccess: (r) => {
            setAsking(null);
            setCodes(r.recoveryCodes);
          },
          onError: (err) => showError(err),
        },
      );
    }
  };

  return (
    <Card title={t('两步验证')} size="small" loading={status.isPending} data-testid="two-factor-card">
      {s && codes && <RecoveryCodes codes={codes} username={username} onSaved={() => setCodes(null)} />}
      {/* Kept up once the status says enabled: the recovery codes it shows next must not vanish unsaved. */}
      {s && enrolling && (
        <TwoFactorEnrolment
          username={username}
          onDone={() => {
            setEnrolling(false);
            void message.success(t('两步验证已启用；本账号在其他地方的登录已全部退出'));
          }}
        />
      )}
      {s && !codes && !enrolling && s.enabled && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Descriptions
            column={1}
            size="small"
            items={[
              { key: 's', label: t('状态'), children: <Tag color="green">{t('已启用')}</Tag> },
              { key: 'a', label: t('启用时间'), children: s.enabledAt ? chinaDateTime(s.enabledAt) : '—' },
              { key: 'c', label: t('剩余恢复码'), children: `${s.recoveryCodesLeft} / ${RECOVERY_CODE_COUNT}` },
            ]}
          />
          {s.recoveryCodesLeft <= 3 && <Alert type="warning" showIcon title={t('恢复码所剩不多，建议重新生成并妥善保存')} />}
          <Space wrap>
            <Button onClick={() => setAsking('regenerate')}>{t('重新生成恢复码')}</Button>
            {s.required ? (
              <Typography.Text type="secondary">{t('管理员账号必须启用两步验证，不能关闭')}</Typography.Text>
            ) : (
              <Button danger onClick={() => setAsking('disable')}>
                {t('关闭两步验证')}
              </Button>
            )}
          </Space>
        </Space>
      )}
      {s && !codes && !enrolling && !s.enabled && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space>
            <Tag>{t('未启用')}</Tag>
            {s.required && <Typography.Text type="warning">{t('管理员账号必须启用')}</Typography.Text>}
          </Space>
          <Button type="primary" onClick={() => setEnrolling(true)} data-testid="two-factor-enable">
            {t('启用两步验证')}
          </Button>
        </Space>
      )}
      <CodeModal
        title={asking === 'disable' ? t('关闭两步验证') : t('重新生成恢复码（原有恢复码将作废）')}
        open={asking !== null}
        pending={disable.isPending || regenerate.isPending}
        onSubmit={submit}
        onCancel={() => setAsking(null)}
      />
    </Card>
  );
}
