import { useEffect, useState } from 'react';
import { Alert, Button, Col, Form, Modal, Row, Select, Typography } from 'antd';
import { useFeedback } from '../../app/feedback';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { BUSINESS_ROLES, type Role } from '../../../domain/roles.js';
import { ROLE_LABEL } from '../../app/labels';
import { zUserRoles, type User } from '../../../domain/users.js';
import { isApiError } from '../../app/api-client';
import { useShowApiError } from '../../app/use-api-error';
import { OrgTreeSelect } from '../organisations/OrgTreeSelect';
import { useUserMutations } from './users.api';
import { t } from '../../app/i18n';

interface Grant {
  role: Role | undefined;
  orgId: number | null;
}

// 三员分立: the administrator roles are granted on the server's command line only, so none is offered here.
const ROLE_OPTIONS = BUSINESS_ROLES.map((r) => ({ value: r, label: ROLE_LABEL[r] }));

/** 授予角色: each grant is a role over an organisation (whose subtree it reaches). */
export function RolesModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const [form] = Form.useForm<{ roles: Grant[] }>();
  const { setRoles } = useUserMutations();
  const { message } = useFeedback();
  const showError = useShowApiError();
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!user) return;
    form.resetFields();
    form.setFieldsValue({ roles: user.roles.map((r) => ({ role: r.role, orgId: r.orgId })) });
  }, [user, form]);

  const submit = async () => {
    if (!user) return;
    setProblem(null);
    const grants = (form.getFieldValue('roles') as Grant[] | undefined) ?? [];
    if (grants.some((g) => !g.role)) return setProblem(t('请为每一行选择角色，或删除空行'));
    const roles = grants.map((g) => ({ role: g.role as Role, orgId: g.orgId ?? undefined }));
    const parsed = zUserRoles.safeParse({ roles, version: user.version });
    if (!parsed.success) return setProblem(parsed.error.issues[0]?.message ?? t('角色设置有误'));
    try {
      await setRoles.mutateAsync({ id: user.id, body: parsed.data });
      void message.success(t('角色已更新，下次请求起生效'));
      onClose();
    } catch (err) {
      if (isApiError(err) && err.code === 'ADMIN_ACCOUNT_PROTECTED') return setProblem(err.message);
      showError(err);
    }
  };

  return (
    <Modal
      open={user !== null}
      title={user ? t('授予角色 · {name}（{username}）', { name: user.displayName, username: user.username }) : t('授予角色')}
      okText={t('保存')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={setRoles.isPending}
      destroyOnHidden
      width={680}
    >
      <Typography.Paragraph type="secondary">
        {t('角色在所选单位及其下级单位范围内生效；不选单位则为用户所属单位（{org}）。系统管理员、安全管理员、审计管理员三员角色只能由运维人员在服务器上用命令行授予。', {
          org: user?.org.name,
        })}
      </Typography.Paragraph>
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} data-testid="roles-problem" />}
      <Form form={form} layout="vertical" data-testid="roles-form">
        <Form.List name="roles">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Row gutter={8} key={f.key} align="top">
                  <Col span={9}>
                    <Form.Item name={[f.name, 'role']} label={f.name === 0 ? t('角色') : undefined}>
                      <Select options={ROLE_OPTIONS} placeholder={t('选择角色')} showSearch={{ optionFilterProp: 'label' }} />
                    </Form.Item>
                  </Col>
                  <Col span={13}>
                    <Form.Item name={[f.name, 'orgId']} label={f.name === 0 ? t('授权范围') : undefined}>
                      <OrgTreeSelect placeholder={user ? user.org.name : t('所属单位')} expandTo={user ? [user.org.id] : undefined} />
                    </Form.Item>
                  </Col>
                  <Col span={2} style={{ paddingTop: f.name === 0 ? 30 : 0 }}>
                    <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('删除这一行')} />
                  </Col>
                </Row>
              ))}
              {fields.length === 0 && <Typography.Paragraph type="warning">{t('未授予任何角色：该账号登录后不能使用任何功能。')}</Typography.Paragraph>}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ role: undefined, orgId: null })}>
                {t('添加角色')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
