import { Link } from 'react-router';
import { Table, Tag, type TableColumnsType } from 'antd';
import { PROJECT_STATUS_LABEL, PROJECT_TYPE_LABEL, formatDateCn, formatWan } from '../../app/labels';
import { t } from '../../app/i18n';
import type { Project, ProjectStatus, ProjectType } from '../../../domain/projects.js';
import { PROJECT_STATUS_COLOR, milestoneSummary } from './project-format';

const columns: TableColumnsType<Project> = [
  {
    title: t('项目名称'),
    dataIndex: 'name',
    render: (name: string, p) => (
      <Link to={`/projects/${p.id}`} data-testid="project-link">
        {name}
      </Link>
    ),
  },
  { title: t('类型'), dataIndex: 'type', width: 96, render: (type: ProjectType) => PROJECT_TYPE_LABEL[type] },
  { title: t('承担单位'), dataIndex: 'undertakers', width: 180, render: (u: string[]) => u.join(t('、')) },
  { title: t('财政资金'), dataIndex: 'fiscalWan', width: 100, align: 'right', render: (v: number) => formatWan(v) },
  { title: t('自筹资金'), dataIndex: 'selfRaisedWan', width: 100, align: 'right', render: (v: number) => formatWan(v) },
  // Start over end: one line of both dates takes a quarter of the table.
  {
    title: t('实施期'),
    key: 'period',
    width: 170,
    render: (_, p) => (
      <>
        <div>{formatDateCn(p.startDate)}</div>
        <div>{t('至{date}', { date: formatDateCn(p.endDate) })}</div>
      </>
    ),
  },
  { title: t('节点'), key: 'milestones', width: 70, render: (_, p) => milestoneSummary(p.milestones) },
  { title: t('关联事项'), key: 'items', width: 90, render: (_, p) => t('{n}项', { n: p.items.length }) },
  { title: t('状态'), dataIndex: 'status', width: 90, render: (s: ProjectStatus) => <Tag color={PROJECT_STATUS_COLOR[s]}>{PROJECT_STATUS_LABEL[s]}</Tag> },
];

/** The name column takes what the others leave, never less than this; below it the table scrolls. */
const NAME_MIN_WIDTH = 220;
const SCROLL_X = columns.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : 0), NAME_MIN_WIDTH);

export function ProjectTable({ data, loading, emptyText = t('暂无项目') }: { data: Project[] | undefined; loading: boolean; emptyText?: string }) {
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
