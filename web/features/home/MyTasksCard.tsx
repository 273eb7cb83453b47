import { Link } from 'react-router';
import { Empty, Flex, Tag } from 'antd';
import { LoadingLines } from '../../components/Callout';
import { Text } from '../../components/Text';
import { TASK_KIND_LABEL } from '../../app/labels';
import { CountBadge } from '../../components/CountBadge';
import { Panel } from '../../components/Panel';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { taskLink, useMyTasks } from './tasks.api';
import { t } from '../../app/i18n';

/** What waits for the signed-in user, by kind, each entry opening the item it concerns. */
export function MyTasksCard() {
  const q = useMyTasks();
  if (q.isPending) return <LoadingLines />;
  if (q.isError) return <QueryErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  const { total, groups } = q.data;
  return (
    <Panel
      data-testid="my-tasks"
      style={{ marginBottom: 24 }}
      title={
        <Flex gap={8} align="center">
          <span>{t('我的待办')}</span>
          <CountBadge count={total} overflow={999} showZero />
        </Flex>
      }
    >
      {groups.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('暂无待办事项')} />
      ) : (
        groups.map((g) => (
          <section key={g.kind} data-testid="task-group" data-kind={g.kind} style={{ marginBottom: 12 }}>
            <Flex gap={8} align="center">
              <Text strong>{TASK_KIND_LABEL[g.kind]}</Text>
              <Tag>{g.count}</Tag>
              {g.count > g.entries.length && <Text secondary>{t('（显示前 {n} 条）', { n: g.entries.length })}</Text>}
            </Flex>
            {/* A plain list: antd's List brings its pager and, through it, Select — a fifth of the home
                page's download for rows that never page. */}
            <ul className="task-list">
              {g.entries.map((e) => (
                <li key={`${e.kind}-${e.entityId}-${e.dueOn ?? ''}`} className="task-row" data-testid="task-row">
                  <Link to={taskLink(e)}>
                    <Text ellipsis>{e.title || t('（未命名）')}</Text>
                  </Link>
                  <Text secondary ellipsis>
                    {e.action} · {e.consultationTitle}
                  </Text>
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
    </Panel>
  );
}
