import { useState } from 'react';
import { Button, Flex, Input, Space, Table, Tag, Tooltip, type TableColumnsType, Modal } from 'antd';
import { useFeedback } from '../../app/feedback';
import { PlusOutlined } from '@ant-design/icons';
import type { User } from '../../../domain/users.js';
import { ROLE_LABEL } from '../../app/labels';
import { protectedAdminAccount } from '../../../domain/roles.js';
import { useShowApiError } from '../../app/use-api-error';
import { Page } from '../../components/Page';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { hasPermission, useSession } from '../auth/session';
import { PasswordResetModal } from './PasswordResetModal';
import { RolesModal } from './RolesModal';
import { UserFormModal } from './UserFormModal';
import { isLocked, USER_STATUS_LABEL } from './user-labels';
import { useUserMutations, useUsers } from './users.api';
import { chinaDateTime } from '../../../domain/dates.js';
import { t } from '../../app/i18n';

type Dialog = { kind: 'create' } | { kind: 'edit'; user: User } | { kind: 'password'; user: User } | { kind: 'roles'; user: User };

export function UsersPage() {
  const me = useSession();
  const { message } = useFeedback();
  const [modal, modalHolder] = Modal.useModal();
  const showError = useShowApiError();
  const [q, setQ] = useState('');
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const users = useUsers(q);
  const { update, unlock, resetTwoFactor } = useUserMutations();
  const manage = hasPermission(me, 'user.manage');
  const resetSecondFactor = hasPermission(me, 'user.two_factor_reset');
  const grant = hasPermission(me, 'role.grant');
  const rows = users.data?.pages.flatMap((p) => p.data) ?? [];

  const setStatus = (u: User, status: User['status']) => {
    const disabling = status === 'disabled';
    modal.confirm({
      title: disabling ? t('停用账号“{name}”？', { name: u.displayName }) : t('启用账号“{name}”？', { name: u.displayName }),
      content: disabling ? t('停用后该账号立即退出登录，且不能再登录。') : t('启用后该账号可以重新登录。'),
      okText: disabling ? t('停用@@动作') : t('启用@@动作'),
      okButtonProps: { danger: disabling },
      cancelText: t('取消'),
      onOk: async () => {
        try {
          await update.mutateAsync({ id: u.id, body: { status, version: u.version } });
          void message.success(disabling ? t('账号已停用') : t('账号已启用'));
        } catch (err) {
          showError(err);
        }
      },
    });
  };

  const doUnlock = async (u: User) => {
    try {
      await unlock.mutateAsync(u.id);
      void message.success(t('已解除“{name}”的登录锁定', { name: u.displayName }));
    } catch (err) {
      showError(err);
    }
  };

  const confirmResetTwoFactor = (u: User) => {
    modal.confirm({
      title: t('重置“{name}”的两步验证？', { name: u.displayName }),
      content: t('仅在本人丢失验证器且没有可用恢复码时使用。重置后该账号的两步验证关闭、恢复码作废、登录会话全部结束，本人可凭密码登录后重新绑定。请先核实本人身份。'),
      okText: t('重置'),
      okButtonProps: { danger: true },
      cancelText: t('取消'),
      onOk: async () => {
        try {
          await resetTwoFactor.mutateAsync(u.id);
          void message.success(t('已重置“{name}”的两步验证', { name: u.displayName }));
        } catch (err) {
          showError(err);
        }
      },
    });
  };

  const columns: TableColumnsType<User> = [
    { title: t('用户名'), dataIndex: 'username', width: 150 },
    { title: t('姓名'), dataIndex: 'displayName', width: 200 },
    { title: t('所属单位'), dataIndex: ['org', 'name'], width: 200 },
    {
      title: t('角色'),
      key: 'roles',
      render: (_, u) =>
        u.roles.length ? (
          <Flex gap={4} wrap>
            {u.roles.map((r) => (
              <Tooltip key={`${r.role}:${r.orgId}`} title={t('授权范围：{org}', { org: r.orgName })}>
                <Tag color="blue">{ROLE_LABEL[r.role]}</Tag>
              </Tooltip>
            ))}
          </Flex>
        ) : (
          <Tag>{t('未授予角色')}</Tag>
        ),
    },
    {
      title: t('状态'),
      key: 'status',
      width: 130,
      render: (_, u) => (
        <Flex gap={4} wrap>
          <Tag color={u.status === 'active' ? 'green' : 'default'}>{USER_STATUS_LABEL[u.status]}</Tag>
          {isLocked(u) && (
            <Tooltip title={t('锁定至 {at}', { at: chinaDateTime(u.lockedUntil) })}>
              <Tag color="red">{t('已锁定')}</Tag>
            </Tooltip>
          )}
          {u.twoFactorEnabled && <Tag color="cyan">{t('两步验证')}</Tag>}
          {u.mustChangePassword && (
            <Tooltip title={t('密码由管理员设置，本人首次登录时须修改')}>
              <Tag color="orange">{t('待改密')}</Tag>
            </Tooltip>
          )}
        </Flex>
      ),
    },
    { title: t('最近登录'), dataIndex: 'lastLoginAt', width: 150, render: (v: string | null) => (v ? chinaDateTime(v) : t('从未登录')) },
    {
      title: t('操作'),
      key: 'actions',
      width: 260,
      render: (_, u) =>
        protectedAdminAccount(u, me.id) ? (
          <Tooltip title={t('三员分立：管理员账号不能由其他管理员修改、重置密码、授权或停用，由运维人员在服务器上用命令行维护')}>
            <Tag>{t('管理员账号 · 命令行维护')}</Tag>
          </Tooltip>
        ) : (
          <Space size={0} wrap>
            {manage && (
              <Button type="link" size="small" onClick={() => setDialog({ kind: 'edit', user: u })}>
                {t('编辑')}
              </Button>
            )}
            {grant && u.id !== me.id && (
              <Button type="link" size="small" onClick={() => setDialog({ kind: 'roles', user: u })}>
                {t('角色')}
              </Button>
            )}
            {manage && u.id !== me.id && (
              <Button type="link" size="small" onClick={() => setDialog({ kind: 'password', user: u })}>
                {t('重置密码')}
              </Button>
            )}
            {resetSecondFactor && u.twoFactorEnabled && u.id !== me.id && (
              <Button type="link" size="small" onClick={() => confirmResetTwoFactor(u)}>
                {t('重置两步验证')}
              </Button>
            )}
            {(manage || grant) && isLocked(u) && (
              <Button type="link" size="small" onClick={() => void doUnlock(u)}>
                {t('解锁')}
              </Button>
            )}
            {manage && u.id !== me.id && (
              <Button type="link" size="small" danger={u.status === 'active'} onClick={() => setStatus(u, u.status === 'active' ? 'disabled' : 'active')}>
                {u.status === 'active' ? t('停用@@动作') : t('启用@@动作')}
              </Button>
            )}
          </Space>
        ),
    },
  ];

  return (
    <>
      {modalHolder}
      <Page
        title={t('用户管理')}
        subTitle={grant && !manage ? t('为本级及下级单位的账号授予或收回角色') : t('本级及下级单位的账号')}
        extra={
          manage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })}>
              {t('新增用户')}
            </Button>
          )
        }
      >
        <Input.Search allowClear placeholder={t('按用户名、姓名或完整的手机号/邮箱查找')} style={{ width: 320, marginBottom: 16 }} onSearch={(v) => setQ(v.trim())} />
        {users.isError ? (
          <QueryErrorResult error={users.error} onRetry={() => void users.refetch()} />
        ) : (
          <>
            <Table<User> rowKey="id" size="middle" columns={columns} dataSource={rows} loading={users.isPending} pagination={false} scroll={{ x: 1200 }} />
            {users.hasNextPage && (
              <Flex justify="center" style={{ marginTop: 16 }}>
                <Button onClick={() => void users.fetchNextPage()} loading={users.isFetchingNextPage}>
                  {t('加载更多')}
                </Button>
              </Flex>
            )}
          </>
        )}
        <UserFormModal open={dialog?.kind === 'create' || dialog?.kind === 'edit'} user={dialog?.kind === 'edit' ? dialog.user : undefined} onClose={() => setDialog(null)} />
        <PasswordResetModal user={dialog?.kind === 'password' ? dialog.user : null} onClose={() => setDialog(null)} />
        <RolesModal user={dialog?.kind === 'roles' ? dialog.user : null} onClose={() => setDialog(null)} />
      </Page>
    </>
  );
}
