import { useState } from 'react';
import { Alert, Button, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useFeedback } from '../../app/feedback';
import { DELIVERY_CHANNEL_LABEL, DELIVERY_STATUS_LABEL } from '../../app/labels';
import type { OrgWebhooks, WebhookKind } from '../../../domain/notifications.js';
import type { Org } from '../../../domain/organisations.js';
import { useShowApiError } from '../../app/use-api-error';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { useOrgWebhooks, useWebhookMutations } from './notifications.api';
import { chinaDateTime } from '../../../domain/dates.js';
import { t } from '../../app/i18n';

interface Values {
  wecomUrl: string;
  dingtalkUrl: string;
  dingtalkSecret: string;
}

/** 群机器人 in the organisation admin: WeCom and DingTalk robot addresses, a test message, recent sends. */
export function OrgWebhookButton({ org }: { org: Pick<Org, 'id' | 'name'> }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button type="link" size="small" onClick={() => setOpen(true)} data-testid="org-webhooks">
        {t('群机器人')}
      </Button>
      {open && <WebhookModal org={org} onClose={() => setOpen(false)} />}
    </>
  );
}

function WebhookModal({ org, onClose }: { org: Pick<Org, 'id' | 'name'>; onClose: () => void }) {
  const settings = useOrgWebhooks(org.id);
  return (
    <Modal title={t('群机器人：{org}', { org: org.name })} open onCancel={onClose} footer={null} width={720} destroyOnHidden>
      {settings.isError ? (
        <QueryErrorResult error={settings.error} onRetry={() => void settings.refetch()} />
      ) : settings.data ? (
        <WebhookForm key={settings.data.version} orgId={org.id} data={settings.data} />
      ) : (
        <Typography.Text type="secondary">{t('加载中…')}</Typography.Text>
      )}
    </Modal>
  );
}

function WebhookForm({ orgId, data }: { orgId: number; data: OrgWebhooks }) {
  const [form] = Form.useForm<Values>();
  const { message } = useFeedback();
  const showError = useShowApiError();
  const { save, test } = useWebhookMutations(orgId);

  const submit = (v: Values) => {
    const secret = v.dingtalkSecret?.trim();
    save.mutate(
      {
        wecomUrl: v.wecomUrl?.trim() || null,
        dingtalkUrl: v.dingtalkUrl?.trim() || null,
        // Blank keeps the stored secret: it is never shown again once saved.
        ...(secret ? { dingtalkSecret: secret } : {}),
        version: data.version,
      },
      { onSuccess: () => void message.success(t('已保存群机器人设置')), onError: (err) => showError(err, { form, fields: ['wecomUrl', 'dingtalkUrl', 'dingtalkSecret'] }) },
    );
  };
  const sendTest = (kind: WebhookKind) =>
    test.mutate(kind, {
      onSuccess: (r) => (r.ok ? void message.success(t('测试消息已送达')) : void message.error(t('发送失败：{error}', { error: r.error ?? t('未知原因') }))),
      onError: (err) => showError(err),
    });

  return (
    <>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('本单位及下级单位人员收到的通知（催办、亮灯、督办等）会同时推送到这里设置的群机器人。')} />
      <Form<Values> form={form} layout="vertical" initialValues={{ wecomUrl: data.wecomUrl ?? '', dingtalkUrl: data.dingtalkUrl ?? '', dingtalkSecret: '' }} onFinish={submit}>
        <Form.Item name="wecomUrl" label={t('企业微信群机器人地址（Webhook）')}>
          <Input placeholder="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…" allowClear />
        </Form.Item>
        <Form.Item name="dingtalkUrl" label={t('钉钉群机器人地址（Webhook）')}>
          <Input placeholder="https://oapi.dingtalk.com/robot/send?access_token=…" allowClear />
        </Form.Item>
        <Form.Item name="dingtalkSecret" label={t('钉钉加签密钥')} extra={data.hasDingtalkSecret ? t('已设置；留空则保持不变') : t('机器人启用了“加签”时填写')}>
          <Input.Password placeholder="SEC…" autoComplete="off" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('保存')}
          </Button>
          <Button disabled={!data.wecomUrl} loading={test.isPending && test.variables === 'wecom'} onClick={() => sendTest('wecom')}>
            {t('企业微信测试消息')}
          </Button>
          <Button disabled={!data.dingtalkUrl} loading={test.isPending && test.variables === 'dingtalk'} onClick={() => sendTest('dingtalk')}>
            {t('钉钉测试消息')}
          </Button>
        </Space>
      </Form>
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('最近推送')}
      </Typography.Title>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={data.recentDeliveries}
        locale={{ emptyText: t('暂无推送') }}
        columns={[
          { title: t('时间'), dataIndex: 'createdAt', width: 150, render: (v: string) => chinaDateTime(v) },
          { title: t('渠道'), dataIndex: 'channel', width: 150, render: (c: keyof typeof DELIVERY_CHANNEL_LABEL) => DELIVERY_CHANNEL_LABEL[c] },
          {
            title: t('状态'),
            dataIndex: 'status',
            width: 90,
            render: (s: keyof typeof DELIVERY_STATUS_LABEL) => <Tag color={s === 'sent' ? 'green' : s === 'failed' ? 'red' : 'default'}>{DELIVERY_STATUS_LABEL[s]}</Tag>,
          },
          { title: t('尝试次数'), dataIndex: 'attempts', width: 80 },
          { title: t('错误'), dataIndex: 'lastError', render: (v: string | null) => v ?? '—' },
        ]}
      />
    </>
  );
}
