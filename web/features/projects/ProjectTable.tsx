import { Link } from 'react-router';
import { Table, Tag, type TableColumnsType } from 'antd';
import { PROJECT_STATUS_LABEL, PROJECT_TYPE_LABEL, formatDateCn, formatWan } from '../../../domain/labels.js';
import type { Project, ProjectStatus, ProjectType } from '../../../domain/projects.js';
import { PROJECT_STATUS_COLOR, milestoneSummary } from './project-format';

const columns: TableColumnsType<Project> = [
  {
    title: '项目名称',
    dataIndex: 'name',
    width: 260,
    render: (name: string, p) => (
      <Link to={`/projects/${p.id}`} data-testid="project-link">
        {name}
      </Link>
    ),
  },
  { title: '类型', dataIndex: 'type', width: 100, render: (t: ProjectType) => PROJECT_TYPE_LABEL[t] },
  { title: '承担单位', dataIndex: 'undertakers', width: 220, render: (u: string[]) => u.join('、') },
  { title: '财政资金', dataIndex: 'fiscalWan', width: 110, align: 'right', render: (v: number) => formatWan(v) },
  { title: '自筹资金', dataIndex: 'selfRaisedWan', width: 110, align: 'right', render: (v: number) => formatWan(v) },
  { title: '实施期', key: 'period', width: 230, render: (_, p) => `${formatDateCn(p.startDate)}—${formatDateCn(p.endDate)}` },
  { title: '节点', key: 'milestones', width: 70, render: (_, p) => milestoneSummary(p.milestones) },
  { title: '关联事项', key: 'items', width: 90, render: (_, p) => `${p.items.length}项` },
  { title: '状态', dataIndex: 'status', width: 90, render: (s: ProjectStatus) => <Tag color={PROJECT_STATUS_COLOR[s]}>{PROJECT_STATUS_LABEL[s]}</Tag> },
];

export function ProjectTable({ data, loading, emptyText = '暂无项目' }: { data: Project[] | undefined; loading: boolean; emptyText?: string }) {
  return (
    <Table<Project>
      rowKey="id"
      columns={columns}
      dataSource={data}
      loading={loading}
      pagination={false}
      scroll={{ x: 1300 }}
      locale={{ emptyText }}
      onRow={() => ({ 'data-testid': 'project-row' }) as React.HTMLAttributes<HTMLElement>}
    />
  );
}
