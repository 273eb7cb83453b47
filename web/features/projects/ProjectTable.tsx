import { Link } from 'react-router';
import { Table, Tag, type TableColumnsType } from 'antd';
import { PROJECT_STATUS_LABEL, PROJECT_TYPE_LABEL, formatDateCn, formatWan } from '../../../domain/labels.js';
import type { Project, ProjectStatus, ProjectType } from '../../../domain/projects.js';
import { PROJECT_STATUS_COLOR, milestoneSummary } from './project-format';

const columns: TableColumnsType<Project> = [
  {
    title: '项目名称',
    dataIndex: 'name',
    render: (name: string, p) => (
      <Link to={`/projects/${p.id}`} data-testid="project-link">
        {name}
      </Link>
    ),
  },
  { title: '类型', dataIndex: 'type', width: 96, render: (t: ProjectType) => PROJECT_TYPE_LABEL[t] },
  { title: '承担单位', dataIndex: 'undertakers', width: 180, render: (u: string[]) => u.join('、') },
  { title: '财政资金', dataIndex: 'fiscalWan', width: 100, align: 'right', render: (v: number) => formatWan(v) },
  { title: '自筹资金', dataIndex: 'selfRaisedWan', width: 100, align: 'right', render: (v: number) => formatWan(v) },
  // Start over end: one line of both dates takes a quarter of the table.
  {
    title: '实施期',
    key: 'period',
    width: 170,
    render: (_, p) => (
      <>
        <div>{formatDateCn(p.startDate)}</div>
        <div>至{formatDateCn(p.endDate)}</div>
      </>
    ),
  },
  { title: '节点', key: 'milestones', width: 70, render: (_, p) => milestoneSummary(p.milestones) },
  { title: '关联事项', key: 'items', width: 90, render: (_, p) => `${p.items.length}项` },
  { title: '状态', dataIndex: 'status', width: 90, render: (s: ProjectStatus) => <Tag color={PROJECT_STATUS_COLOR[s]}>{PROJECT_STATUS_LABEL[s]}</Tag> },
];

/** The name column takes what the others leave, never less than this; below it the table scrolls. */
const NAME_MIN_WIDTH = 220;
const SCROLL_X = columns.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : 0), NAME_MIN_WIDTH);

export function ProjectTable({ data, loading, emptyText = '暂无项目' }: { data: Project[] | undefined; loading: boolean; emptyText?: string }) {
  return (
    <Table<Project>
      rowKey="id"
      columns={columns}
      dataSource={data}
      loading={loading}
      pagination={false}
      scroll={{ x: SCROLL_X }}
      // Header under the app's 56 px top bar, and the sideways scrollbar at the window's bottom
      // while the table runs below it: otherwise the right-hand columns look cut off.
      sticky={{ offsetHeader: 56 }}
      locale={{ emptyText }}
      onRow={() => ({ 'data-testid': 'project-row' }) as React.HTMLAttributes<HTMLElement>}
    />
  );
}
