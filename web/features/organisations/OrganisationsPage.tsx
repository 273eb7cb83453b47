import { useMemo, useState } from 'react';
import { Button, Input, Popconfirm, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useFeedback } from '../../app/feedback';
import { PlusOutlined } from '@ant-design/icons';
import type { ListedOrg, Org } from '../../../domain/organisations.js';
import { ORG_KIND_LABEL } from '../../app/labels';
import { useShowApiError } from '../../app/use-api-error';
import { Page } from '../../components/Page';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { buildOrgTree, type OrgNode } from './org-tree';
import { useOrganisations, useOrgMutations } from './organisations.api';
import { OrgFormModal, type OrgModalTarget } from './OrgFormModal';
import { OrgWebhookButton } from '../notifications/OrgWebhookButton';
import { t } from '../../app/i18n';

/** Keeps the nodes that match and the branches leading to them. */
function filterTree(nodes: OrgNode<ListedOrg>[], q: string): OrgNode<ListedOrg>[] {
  return nodes.flatMap((n) => {
    const children = n.children ? filterTree(n.children, q) : [];
    const hit = n.name.includes(q) || (n.shortName ?? '').includes(q) || (n.divisionCode ?? '').includes(q);
    if (!hit && children.length === 0) return [];
    return [{ ...n, children: children.length ? children : hit ? n.children : undefined }];
  });
}

function allIds(nodes: OrgNode<ListedOrg>[]): number[] {
  return nodes.flatMap((n) => [n.id, ...allIds(n.children ?? [])]);
}

export function OrganisationsPage() {
  const orgs = useOrganisations();
  const { remove } = useOrgMutations();
  const { message } = useFeedback();
  const showError = useShowApiError();
  const [target, setTarget] = useState<OrgModalTarget | null>(null);
  const [q, setQ] = useState('');

  const tree = useMemo(() => {
    const t = buildOrgTree(orgs.data ?? []);
    return q.trim() ? filterTree(t, q.trim()) : t;
  }, [orgs.data, q]);
  // Searching opens every branch that leads to a match; otherwise the province and city levels.
  const expanded = useMemo(() => {
    if (q.trim()) return allIds(tree);
    return (orgs.data ?? []).filter((o) => o.kind === 'province' || o.kind === 'city').map((o) => o.id);
  }, [orgs.data, q, tree]);

  const doDelete = async (o: Org) => {
    try {
      await remove.mutateAsync(o.id);
      void message.success(t('已删除“{name}”', { name: o.name }));
    } catch (err) {
      showError(err);
    }
  };

  const columns: TableColumnsType<OrgNode<ListedOrg>> = [
    { title: t('名称'), dataIndex: 'name' },
    { title: t('简称'), dataIndex: 'shortName', width: 200, render: (v: string | null) => v ?? '—' },
    { title: t('类型'), dataIndex: 'kind', width: 120, render: (k: Org['kind']) => <Tag>{ORG_KIND_LABEL[k]}</Tag> },
    { title: t('行政区划代码'), dataIndex: 'divisionCode', width: 130, render: (v: string | null) => v ?? '—' },
    { title: t('排序'), dataIndex: 'sortOrder', width: 70 },
    {
      title: t('操作'),
      key: 'actions',
      width: 290,
      // Only what the server will allow: an administrator sees the tree above their subtree, but may not change it.
      render: (_, o) =>
        !o.canManage ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          <Space size={4}>
            <Button type="link" size="small" onClick={() => setTarget({ mode: 'create', parentId: o.id })}>
              {t('新增下级')}
            </Button>
            <Button type="link" size="small" onClick={() => setTarget({ mode: 'edit', org: o })}>
              {t('编辑')}
            </Button>
            <OrgWebhookButton org={o} />
            <Popconfirm
              title={t('删除“{name}”？', { name: o.name })}
              description={t('有下级组织、用户或被事项引用的组织不能删除。')}
              okText={t('删除')}
              okButtonProps={{ danger: true }}
              cancelText={t('取消')}
              onConfirm={() => void doDelete(o)}
            >
              <Button type="link" size="small" danger>
                {t('删除')}
              </Button>
            </Popconfirm>
          </Space>
        ),
    },
  ];

  return (
    <Page
      title={t('组织机构')}
      subTitle={t('按 GB/T 2260 行政区划组织的单位与部门；事项的牵头单位、配合单位从这里选取')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ mode: 'create', parentId: null })}>
          {t('新增组织')}
        </Button>
      }
    >
      <Input.Search allowClear placeholder={t('按名称、简称或区划代码查找')} style={{ width: 300, marginBottom: 16 }} onSearch={setQ} />
      {orgs.isError ? (
        <QueryErrorResult error={orgs.error} onRetry={() => void orgs.refetch()} />
      ) : (
        <Table<OrgNode<ListedOrg>>
          // Remount when the filter changes so the matches open up.
          key={q.trim() ? `q:${q}` : `all:${expanded.length}`}
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={tree}
          loading={orgs.isPending}
          pagination={false}
          expandable={{ defaultExpandedRowKeys: expanded }}
        />
      )}
      <OrgFormModal target={target} onClose={() => setTarget(null)} />
    </Page>
  );
}
