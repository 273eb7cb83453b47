import { Button, Card, Result, Space, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { Me } from '../../../domain/users.js';
import { PasswordCard } from '../profile/PasswordCard';
import { ME_KEY, useLogout } from './auth.api';
import { t } from '../../app/i18n';

/**
 * Shown instead of the whole app while the password is one an administrator set (a reset, a new
 * account): the server refuses everything else until it is changed, so the page offers nothing else.
 */
export function PasswordChangeRequired({ me }: { me: Me }) {
  const qc = useQueryClient();
  const logout = useLogout();
  const navigate = useNavigate();
  return (
    <div style={{ maxWidth: 480, margin: '48px auto', padding: '0 16px' }}>
      <Result
        status="warning"
        title={me.passwordExpired ? t('密码已过期，请先修改密码') : t('请先修改密码')}
        subTitle={
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {me.passwordExpired
              ? t('{name}（{username}），您的密码已超过系统规定的有效期，修改之后才能继续使用系统。', { name: me.displayName, username: me.username })
              : t('{name}（{username}），您的密码由管理员设置或重置。为保证只有您本人知道密码，修改之后才能继续使用系统。', { name: me.displayName, username: me.username })}
          </Typography.Paragraph>
        }
      />
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <PasswordCard me={me} onChanged={() => void qc.invalidateQueries({ queryKey: ME_KEY })} />
        <Card size="small">
          <Button block loading={logout.isPending} onClick={() => logout.mutate(undefined, { onSettled: () => void navigate('/login', { replace: true }) })}>
            {t('退出登录')}
          </Button>
        </Card>
      </Space>
    </div>
  );
}
