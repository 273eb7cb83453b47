import { useEffect, useMemo } from 'react';
import { Form, Input, Modal, Radio, Select, Switch, TreeSelect } from 'antd';
import { ANNOUNCEMENT_BODY_MAX, ANNOUNCEMENT_KINDS, zAnnouncementInput, type Announcement, type AnnouncementKind } from '../../../domain/announcements.js';
import { LIMITS } from '../../../domain/common.js';
import { ANNOUNCEMENT_KIND_LABEL, ROLE_LABEL } from '../../app/labels';
import { ROLES, type Role } from '../../../domain/roles.js';
import { useFeedback } from '../../app/feedback';
import { useShowApiError } from '../../app/use-api-error';
import { applyProblems, clearErrorsOnChange, zodProblems } from '../../components/form-errors';
import { useAnnouncementMutations, useAudienceOrgs } from './announcements.api';
import { t } from '../../app/i18n';

interface Values {
  kind: AnnouncementKind;
  title: string;
  body: string;
  pinned: boolean;
  orgIds: number[];
  roles: Role[];
}
const FIELDS = ['kind', 'title', 'body', 'pinned', 'orgIds', 'roles'] as const;

interface TreeNode {
  value: number;
  title: string;
  children?: TreeNode[];
}

/** The jurisdiction's flat rows (parents before children, as the server orders them) as a tree. */
function toTree(rows: { id: number; name: string; parentId: number | null }[]): TreeNode[] {
  const nodes = new Map<number, TreeNode>();
  const roots: TreeNode[] = [];
  for (const r of rows) {
    const node: TreeNode = { value: r.id, title: r.name };
    nodes.set(r.id, node);
    const parent = r.parentId === null ? undefined : nodes.get(r.parentId);
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

/** Drafts a notice or corrects one (a draft, or one withdrawn): what it says and whom it reaches. */
export function AnnouncementFormModal({ open, announcement, onClose }: { open: boolean; announcement?: Announcement; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const { create, update } = useAnnouncementMutations();
  const audience = useAudienceOrgs(open);
  const { message } = useFeedback();
  const showError = useShowApiError();
  const tree = useMemo(() => toTree(audience.data ?? []), [audience.data]);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    const a = announcement;
    form.setFieldsValue(
      a
        ? { kind: a.kind, title: a.title, body: a.body, pinned: a.pinned, orgIds: a.audience.orgs.map((o) => o.id), roles: a.audience.roles }
        : { kind: 'notice', title: '', body: '', pinned: false, orgIds: [], roles: [] },
    );
  }, [open, announcement, form]);

  const submit = async () => {
    const v = form.getFieldsValue();
    const parsed = zAnnouncementInput.safeParse({ ...v, orgIds: v.orgIds ?? [], roles: v.roles ?? [], pinned: Boolean(v.pinned) });
    if (!parsed.success) return void applyProblems(form, zodProblems(parsed.error), FIELDS);
    try {
      if (announcement) await update.mutateAsync({ id: announcement.id, body: { ...parsed.data, version: announcement.version } });
      else await create.mutateAsync(parsed.data);
      void message.success(announcement ? t('已保存') : t('草稿已保存，可在列表中发布'));
      onClose();
    } catch (err) {
      showError(err, { form, fields: FIELDS });
    }
  };

  return (
    <Modal
      open={open}
      title={announcement ? t('编辑通知公告') : t('起草通知公告')}
      okText={t('保存草稿')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
      width={720}
    >
      <Form form={form} onValuesChange={clearErrorsOnChange(form)} layout="vertical" data-testid="announcement-form" autoComplete="off">
        <Form.Item name="kind" label={t('类型')} required>
          <Radio.Group options={ANNOUNCEMENT_KINDS.map((k) => ({ value: k, label: ANNOUNCEMENT_KIND_LABEL[k] }))} optionType="button" />
        </Form.Item>
        <Form.Item name="title" label={t('标题')} required>
          <Input maxLength={LIMITS.titleMax} showCount />
        </Form.Item>
        <Form.Item name="body" label={t('正文')} required>
          <Input.TextArea autoSize={{ minRows: 6, maxRows: 16 }} maxLength={ANNOUNCEMENT_BODY_MAX} />
        </Form.Item>
        <Form.Item name="orgIds" label={t('发送单位')} extra={t('选中的单位及其下级单位的用户都会收到；不选则发给本辖区全部单位')}>
          <TreeSelect
            multiple
            treeData={tree}
            loading={audience.isPending}
            treeDefaultExpandedKeys={tree.map((n) => n.value)}
            showSearch
            treeNodeFilterProp="title"
            placeholder={t('本辖区全部单位')}
            allowClear
            data-testid="announcement-orgs"
          />
        </Form.Item>
        <Form.Item name="roles" label={t('接收角色')} extra={t('不选则发给上述单位的全部用户')}>
          <Select mode="multiple" allowClear placeholder={t('全部角色')} options={ROLES.map((r) => ({ value: r, label: ROLE_LABEL[r] }))} data-testid="announcement-roles" />
        </Form.Item>
        <Form.Item name="pinned" label={t('置顶')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
