import { useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Form, Input, InputNumber, Modal, Popconfirm, Row, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useFeedback } from '../../app/feedback';
import { PlusOutlined } from '@ant-design/icons';
import { LIMITS } from '../../../domain/common.js';
import { ROLE_LABEL } from '../../app/labels';
import { zTokenCreate, type ApiToken } from '../../../domain/users.js';
import { useShowApiError } from '../../app/use-api-error';
import { applyProblems, clearErrorsOnChange, zodProblems } from '../../components/form-errors';
import { Page } from '../../components/Page';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { useSession } from '../auth/session';
import { useProfileMutations, useTokens } from './profile.api';
import { EmailCard } from '../notifications/EmailCard';
import { PasswordCard } from './PasswordCard';
import { TwoFactorCard } from './TwoFactorCard';
import { chinaDateTime } from '../../../domain/dates.js';
import { t } from '../../app/i18n';

const fmt = (v: string | null, empty = '—') => (v ? chinaDateTime(v) : empty);

export function ProfilePage() {
  const me = useSession();
  return (
    <Page title={t('个人设置')}>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('账号信息')} size="small">
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'u', label: t('用户名'), children: me.username },
                { key: 'n', label: t('姓名'), children: me.displayName },
                { key: 'o', label: t('所属单位'), children: me.org.name },
                { key: 'r', label: t('角色'), children: me.roles.length ? me.roles.map((r) => `${ROLE_LABEL[r.role]}（${r.orgName}）`).join('、') : t('未授予角色') },
                { key: 'l', label: t('最近登录'), children: fmt(me.lastLoginAt) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <PasswordCard me={me} />
        </Col>
        <Col xs={24} lg={12}>
          <TwoFactorCard username={me.username} />
        </Col>
        <Col xs={24} lg={12}>
          <EmailCard />
        </Col>
        <Col span={24}>
          <TokensCard />
        </Col>
      </Row>
    </Page>
  );
}

function tokenState(token: ApiToken) {
  if (token.revokedAt) return <Tag>{t('已吊销')}</Tag>;
  if (token.expiresAt && Date.parse(token.expiresAt) < Date.now()) return <Tag color="orange">{t('已过期')}</Tag>;
  return <Tag color="green">{t('有效')}</Tag>;
}

const TOKEN_FIELDS = ['name', 'expiresInDays'] as const;

function TokensCard() {
  const tokens = useTokens();
  const { createToken, revokeToken } = useProfileMutations();
  const { message } = useFeedback();
  const showError = useShowApiError();
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<string | null>(null);
  const [form] = Form.useForm<{ name: string; expiresInDays: number | null }>();

  const create = async () => {
    const v = form.getFieldsValue();
    const parsed = zTokenCreate.safeParse({ name: v.name ?? '', expiresInDays: v.expiresInDays ?? undefined });
    if (!parsed.success) return void applyProblems(form, zodProblems(parsed.error), TOKEN_FIELDS);
    try {
      const created = await createToken.mutateAsync(parsed.data);
      setCreating(false);
      setShown(created.token);
    } catch (err) {
      showError(err, { form, fields: TOKEN_FIELDS });
    }
  };

  const revoke = async (token: ApiToken) => {
    try {
      await revokeToken.mutateAsync(token.id);
      void message.success(t('已吊销“{name}”', { name: token.name }));
    } catch (err) {
      showError(err);
    }
  };

  const columns: TableColumnsType<ApiToken> = [
    { title: t('名称'), dataIndex: 'name' },
    { title: t('前缀'), dataIndex: 'prefix', width: 130, render: (p: string) => <Typography.Text code>{p}…</Typography.Text> },
    { title: t('创建时间'), dataIndex: 'createdAt', width: 150, render: (v: string) => fmt(v) },
    { title: t('到期时间'), dataIndex: 'expiresAt', width: 150, render: (v: string | null) => fmt(v, t('长期有效')) },
    { title: t('最近使用'), dataIndex: 'lastUsedAt', width: 150, render: (v: string | null) => fmt(v, t('从未使用')) },
    { title: t('状态'), key: 'state', width: 90, render: (_, token) => tokenState(token) },
    {
      title: t('操作'),
      key: 'actions',
      width: 90,
      render: (_, token) =>
        !token.revokedAt && (
          <Popconfirm
            title={t('吊销“{name}”？', { name: token.name })}
            description={t('使用该令牌的脚本将立即失效。')}
            okText={t('吊销')}
            okButtonProps={{ danger: true }}
            cancelText={t('取消')}
            onConfirm={() => void revoke(token)}
          >
            <Button type="link" size="small" danger>
              {t('吊销')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Card
      title={t('访问令牌')}
      size="small"
      extra={
        <Button
          icon={<PlusOutlined />}
          onClick={() => {
            form.resetFields();
            setCreating(true);
          }}
        >
          {t('创建令牌')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('供脚本和系统对接以本人身份调用接口（请求头 Authorization: Bearer 令牌）。令牌只在创建时显示一次。')}</Typography.Paragraph>
      {tokens.isError ? (
        <QueryErrorResult error={tokens.error} onRetry={() => void tokens.refetch()} />
      ) : (
        <Table<ApiToken>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={tokens.data}
          loading={tokens.isPending}
          pagination={false}
          locale={{ emptyText: t('暂无访问令牌') }}
        />
      )}
      <Modal
        open={creating}
        title={t('创建访问令牌')}
        okText={t('创建')}
        cancelText={t('取消')}
        onOk={() => void create()}
        onCancel={() => setCreating(false)}
        confirmLoading={createToken.isPending}
        destroyOnHidden
      >
        <Form form={form} onValuesChange={clearErrorsOnChange(form)} layout="vertical">
          <Form.Item name="name" label={t('用途')} required>
            <Input maxLength={LIMITS.nameMax} placeholder={t('如：台账导出脚本')} />
          </Form.Item>
          <Form.Item name="expiresInDays" label={t('有效天数')} extra={t('留空则长期有效；最长 366 天')}>
            <InputNumber<number> min={1} max={366} precision={0} style={{ width: 160 }} suffix={t('天')} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={shown !== null}
        title={t('令牌已创建')}
        onOk={() => setShown(null)}
        onCancel={() => setShown(null)}
        okText={t('我已保存')}
        cancelButtonProps={{ style: { display: 'none' } }}
      >
        <Alert type="warning" showIcon title={t('请立即复制保存。关闭后将无法再次查看此令牌。')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable={{ text: shown ?? '' }} code data-testid="new-token">
          {shown}
        </Typography.Paragraph>
      </Modal>
    </Card>
  );
}
