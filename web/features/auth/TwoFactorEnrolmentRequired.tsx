import { Button, Card, Result, Space, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { Me } from '../../../domain/users.js';
import { TwoFactorEnrolment } from '../profile/TwoFactorCard';
import { t } from '../../app/i18n';
import { ME_KEY, useLogout } from './auth.api';

/**
 * Shown instead of the whole app to an administrator without two-factor login: the server refuses
 * everything else until an authenticator is bound, so the page offers nothing else.
 */
export function TwoFactorEnrolmentRequired({ me }: { me: Me }) {
  const qc = useQueryClient();
  const logout = useLogout();
  const navigate = useNavigate();
  return (
    <div style={{ maxWidth: 520, margin: '48px auto', padding: '0 16px' }}>
      <Result
        status="warning"
        title={t('请先启用两步验证')}
        subTitle={
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t('{name}（{username}），管理员账号须同时使用密码和手机验证器应用的动态验证码登录（等保三级要求）。绑定验证器之后才能继续使用系统。', {
              name: me.displayName,
              username: me.username,
            })}
          </Typography.Paragraph>
        }
      />
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <Card size="small" title={t('绑定验证器')}>
          {/* The signed-in user is refreshed only once the recovery codes are saved: it takes this page away. */}
          <TwoFactorEnrolment username={me.username} onDone={() => void qc.invalidateQueries({ queryKey: ME_KEY })} />
        </Card>
        <Card size="small">
          <Button block loading={logout.isPending} onClick={() => logout.mutate(undefined, { onSettled: () => void navigate('/login', { replace: true }) })}>
            {t('退出登录')}
          </Button>
        </Card>
      </Space>
    </div>
  );
}
