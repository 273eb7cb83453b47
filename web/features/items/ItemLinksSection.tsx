import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Flex, Form, Input, Modal, Popconfirm, Progress, Select, Space, Table, Typography } from 'antd';
import { CATEGORIES, type Category } from '../../../domain/items.js';
import type { BreakdownTarget, LinkedChild, LinkedParent, RollUp } from '../../../domain/linked-items.js';
import { CATEGORY_LABEL } from '../../app/labels';
import { LIMITS } from '../../../domain/common.js';
import { t } from '../../app/i18n';
import { useFeedback } from '../../app/feedback';
import { useShowApiError } from '../../app/use-api-error';
import { LightTag } from '../supervision/LightTag';
import type { ItemView } from './items.api';
import { ItemStatusTag } from './ItemStatusTag';
import { useBreakdownTargets, useCandidateItems, useCreateChild, useSetParent } from './linked-items.api';

const itemLink = (consultationId: number, itemId: number) => `/consultations/${consultationId}/items?item=${itemId}`;

/**
 * 上下联动 in the item drawer: the item this one breaks down (上级事项), and the items it was broken
 * down into (分解事项) with their lights and what they add up to, read live with the item.
 */
export function ItemLinksSection({ item }: { item: ItemView }) {
  const targets = useBreakdownTargets(item.id);
  const [mode, setMode] = useState<'link' | 'create' | null>(null);
  const links = item.links;
  if (!links) return null;
  const list = targets.data ?? [];
  const canBreakDown = list.length > 0;
  return (
    <>
      {links.parent && <ParentLine parent={links.parent} />}
      {(links.children.length > 0 || canBreakDown) && (
        <section style={{ marginTop: 24 }} data-testid="item-children">
          <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {t('分解事项')}
            </Typography.Title>
            {canBreakDown && (
              <Space>
                <Button size="small" onClick={() => setMode('link')} data-testid="breakdown-link">
                  {t('关联已有事项')}
                </Button>
                <Button size="small" type="primary" disabled={!list.some((x) => x.canCreate)} onClick={() => setMode('create')} data-testid="breakdown-create">
                  {t('新增分解事项')}
                </Button>
              </Space>
            )}
          </Flex>
          {links.rollUp ? <RollUpLine rollUp={links.rollUp} /> : <Typography.Paragraph type="secondary">{t('尚未分解到下一级会商。')}</Typography.Paragraph>}
          {links.children.length > 0 && <ChildrenTable parentId={item.id} rows={links.children} canUnlink={canBreakDown} />}
        </section>
      )}
      {mode === 'link' && <LinkExistingModal parentId={item.id} targets={list} onClose={() => setMode(null)} />}
      {mode === 'create' && <CreateChildModal parent={item} targets={list.filter((x) => x.canCreate)} onClose={() => setMode(null)} />}
    </>
  );
}

function ParentLine({ parent }: { parent: LinkedParent }) {
  return (
    <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0 }} data-testid="item-parent">
      <Typography.Text strong>{t('上级事项')}：</Typography.Text>
      {parent.readable ? <Link to={itemLink(parent.consultationId, parent.id)}>{parent.title}</Link> : <span>{parent.title}</span>}
      <Typography.Text type="secondary">（{parent.consultationTitle}）</Typography.Text>
    </Typography.Paragraph>
  );
}

function RollUpLine({ rollUp }: { rollUp: RollUp }) {
  const pursued = rollUp.total - rollUp.cancelled;
  return (
    <Flex gap={16} align="center" wrap style={{ marginBottom: 8 }} data-testid="item-rollup">
      <span>{t('已完成 {done}/{total} 项', { done: rollUp.completed, total: pursued })}</span>
      <span style={{ minWidth: 200 }}>
        {t('综合进度')} <Progress percent={rollUp.progress} size="small" style={{ width: 140, display: 'inline-flex', margin: 0 }} />
      </span>
      <Space size={4}>
        {t('最差亮灯')}
        <LightTag light={rollUp.worstLight} reasons={[]} />
      </Space>
      <Typography.Text type="secondary">
        {t('红 {red} · 黄 {yellow} · 绿 {green}', { red: rollUp.lights.red, yellow: rollUp.lights.yellow, green: rollUp.lights.green })}
      </Typography.Text>
    </Flex>
  );
}

function ChildrenTable({ parentId, rows, canUnlink }: { parentId: number; rows: LinkedChild[]; canUnlink: boolean }) {
  const { message } = useFeedback();
  const showError = useShowApiError();
  const setParent = useSetParent();
  const unlink = (c: LinkedChild) =>
    setParent.mutate(
      { childId: c.id, parentItemId: null, version: c.version, formerParentId: parentId },
      { onSuccess: () => void message.success(t('已解除关联')), onError: (err) => showError(err) },
    );
  return (
    <Table<LinkedChild>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={rows}
      onRow={(c) => ({ 'data-testid': 'child-row', 'data-child-id': String(c.id) }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        { title: t('事项'), dataIndex: 'title', render: (title: string, c) => <Link to={itemLink(c.consultationId, c.id)}>{title}</Link> },
        { title: t('县（区）'), dataIndex: 'partnerOrgs', width: 130, render: (orgs: string[], c) => <span title={c.consultationTitle}>{orgs.join(t('、'))}</span> },
        { title: t('状态'), dataIndex: 'status', width: 90, render: (_: unknown, c) => <ItemStatusTag status={c.status} /> },
        { title: t('亮灯'), dataIndex: 'light', width: 90, render: (_: unknown, c) => <LightTag light={c.light} reasons={[]} /> },
        { title: t('进度'), dataIndex: 'progress', width: 120, render: (p: number) => <Progress percent={p} size="small" /> },
        ...(canUnlink
          ? [
              {
                title: '',
                key: 'unlink',
                width: 80,
                render: (_: unknown, c: LinkedChild) => (
                  <Popconfirm title={t('解除与上级事项的关联？')} okText={t('解除')} cancelText={t('取消')} onConfirm={() => unlink(c)}>
                    <Button size="small" type="link" data-testid="child-unlink">
                      {t('解除')}
                    </Button>
                  </Popconfirm>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}

const targetOption = (x: BreakdownTarget) => ({ value: x.id, label: `${x.partnerOrgs.join(t('、'))} · ${x.title}` });

function LinkExistingModal({ parentId, targets, onClose }: { parentId: number; targets: BreakdownTarget[]; onClose: () => void }) {
  const { message } = useFeedback();
  const showError = useShowApiError();
  const [consultationId, setConsultationId] = useState<number | null>(targets.length === 1 ? targets[0].id : null);
  const [childId, setChildId] = useState<number | null>(null);
  const candidates = useCandidateItems(consultationId);
  const setParent = useSetParent();
  const chosen = candidates.data?.find((i) => i.id === childId);
  const submit = () => {
    if (!chosen) return;
    setParent.mutate(
      { childId: chosen.id, parentItemId: parentId, version: chosen.version },
      {
        onSuccess: () => {
          void message.success(t('已关联为分解事项'));
          onClose();
        },
        onError: (err) => showError(err),
      },
    );
  };
  return (
    <Modal
      open
      title={t('关联已有事项')}
      okText={t('关联')}
      cancelText={t('取消')}
      okButtonProps={{ disabled: !chosen, loading: setParent.isPending, 'data-testid': 'breakdown-link-confirm' }}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('选择下一级会商中的一个事项，作为本事项的分解事项。')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('下一级会商')}>
          <Select<number>
            value={consultationId ?? undefined}
            options={targets.map(targetOption)}
            onChange={(v) => {
              setConsultationId(v);
              setChildId(null);
            }}
            placeholder={t('选择会商')}
            data-testid="breakdown-consultation"
          />
        </Form.Item>
        <Form.Item label={t('事项')}>
          <Select<number>
            showSearch={{ optionFilterProp: 'label' }}
            value={childId ?? undefined}
            loading={candidates.isFetching}
            disabled={consultationId === null}
            options={(candidates.data ?? []).map((i) => ({ value: i.id, label: i.title }))}
            onChange={setChildId}
            placeholder={t('选择事项')}
            data-testid="breakdown-item"
          />
        </Form.Item>
      </Form>
      {candidates.isError && <Alert type="error" showIcon title={t('事项载入失败，请稍后重试')} />}
    </Modal>
  );
}

interface ChildFormValues {
  consultationId?: number;
  category: Category;
  title: string;
  content: string;
}

function CreateChildModal({ parent, targets, onClose }: { parent: ItemView; targets: BreakdownTarget[]; onClose: () => void }) {
  const { message } = useFeedback();
  const showError = useShowApiError();
  const [form] = Form.useForm<ChildFormValues>();
  const create = useCreateChild(parent.id);
  const submit = async () => {
    const v = await form.validateFields();
    create.mutate(
      // The child keeps the parent's domain: a breakdown works in the same field.
      { consultationId: v.consultationId!, item: { category: v.category, title: v.title.trim(), content: v.content?.trim() ?? '', domain: parent.domain } },
      {
        onSuccess: () => {
          void message.success(t('分解事项已新增'));
          onClose();
        },
        onError: (err) => showError(err),
      },
    );
  };
  return (
    <Modal
      open
      title={t('新增分解事项')}
      okText={t('新增')}
      cancelText={t('取消')}
      okButtonProps={{ loading: create.isPending, 'data-testid': 'breakdown-create-confirm' }}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('在下一级会商的清单中新增一个事项，作为本事项的分解事项。')}</Typography.Paragraph>
      <Form<ChildFormValues>
        form={form}
        layout="vertical"
        initialValues={{ consultationId: targets.length === 1 ? targets[0].id : undefined, category: parent.category, title: parent.title, content: '' }}
      >
        <Form.Item name="consultationId" label={t('下一级会商')} rules={[{ required: true, message: t('请选择会商') }]}>
          <Select<number> options={targets.map(targetOption)} placeholder={t('选择会商')} />
        </Form.Item>
        <Form.Item name="category" label={t('类别')} rules={[{ required: true }]}>
          <Select<Category> options={CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABEL[c] }))} />
        </Form.Item>
        <Form.Item name="title" label={t('事项名称')} rules={[{ required: true, whitespace: true, message: t('请填写事项名称') }]}>
          <Input maxLength={LIMITS.titleMax} />
        </Form.Item>
        <Form.Item name="content" label={t('主要内容及目标')}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
