import { useState } from 'react';
import { Button, Flex, Select, Space, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { chinaDateTime } from '../../../domain/dates.js';
import { JOB_NAMES, type JobName, type JobRun, type JobView } from '../../../domain/jobs.js';
import { JOB_LABEL } from '../../app/labels-domain';
import { useFeedback } from '../../app/feedback';
import { useShowApiError } from '../../app/use-api-error';
import { Page } from '../../components/Page';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { useJobActions, useJobRuns, useJobs } from './system.api';
import { t } from '../../app/i18n';

const seconds = (r: JobRun) => ((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000).toFixed(1);
const jobName = (name: string) => ((JOB_NAMES as readonly string[]).includes(name) ? JOB_LABEL[name as JobName].name : name);

function RunResult({ run }: { run: JobRun }) {
  if (run.error) return <Typography.Text type="danger">{t('失败：{error}', { error: run.error })}</Typography.Text>;
  return <span>{t('完成，处理 {n} 条', { n: run.done ?? 0 })}</span>;
}

/** 定时任务: each background job's schedule and state, 执行一次, 暂停/恢复, and the run log. */
export function JobsPage() {
  const jobs = useJobs();
  const actions = useJobActions();
  const { message } = useFeedback();
  const showError = useShowApiError();
  const [filter, setFilter] = useState<{ job?: JobName; onlyFailed?: boolean }>({});
  const runs = useJobRuns(filter);

  const act = async (what: 'run' | 'pause' | 'resume', job: JobView) => {
    try {
      if (what === 'run') {
        const r = await actions.run.mutateAsync(job.name);
        if (r.error) void message.error(t('“{job}”执行失败：{error}', { job: jobName(job.name), error: r.error }));
        else void message.success(t('“{job}”已执行，处理 {n} 条', { job: jobName(job.name), n: r.done ?? 0 }));
      } else {
        await actions[what].mutateAsync(job.name);
        void message.success(what === 'pause' ? t('已暂停“{job}”', { job: jobName(job.name) }) : t('已恢复“{job}”', { job: jobName(job.name) }));
      }
      void runs.refetch();
    } catch (err) {
      showError(err);
    }
  };

  const columns: TableColumnsType<JobView> = [
    {
      title: t('任务'),
      key: 'label',
      render: (_, j) => (
        <div>
          <div>{jobName(j.name)}</div>
          <div className="muted">{JOB_LABEL[j.name as JobName]?.what ?? j.description}</div>
        </div>
      ),
    },
    { title: t('执行周期'), dataIndex: 'schedule', width: 170 },
    {
      title: t('状态'),
      key: 'state',
      width: 90,
      render: (_, j) => (j.paused ? <Tag color="orange">{t('已暂停')}</Tag> : j.running ? <Tag color="processing">{t('运行中')}</Tag> : <Tag color="green">{t('正常')}</Tag>),
    },
    { title: t('上次运行'), dataIndex: 'lastRunAt', width: 150, render: (v: string | null) => (v ? chinaDateTime(v) : t('尚未运行')) },
    { title: t('下次运行'), dataIndex: 'nextRunAt', width: 150, render: (v: string | null) => (v ? t('约 {at}', { at: chinaDateTime(v) }) : '—') },
    { title: t('最近错误'), dataIndex: 'lastError', width: 200, render: (v: string | null) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : '—') },
    {
      title: t('操作'),
      key: 'actions',
      width: 160,
      render: (_, j) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => void act('run', j)} loading={actions.run.isPending && actions.run.variables === j.name} data-testid={`job-run-${j.name}`}>
            {t('执行一次')}
          </Button>
          {j.paused ? (
            <Button type="link" size="small" onClick={() => void act('resume', j)} data-testid={`job-resume-${j.name}`}>
              {t('恢复')}
            </Button>
          ) : (
            <Button type="link" size="small" danger onClick={() => void act('pause', j)} data-testid={`job-pause-${j.name}`}>
              {t('暂停')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  const runColumns: TableColumnsType<JobRun> = [
    { title: t('开始时间'), dataIndex: 'startedAt', width: 170, render: (v: string) => chinaDateTime(v, true) },
    { title: t('任务'), dataIndex: 'job', width: 170, render: jobName },
    { title: t('触发'), key: 'trigger', width: 140, render: (_, r) => (r.trigger === 'manual' ? t('手动（{user}）', { user: r.username ?? t('已删除的用户') }) : t('定时')) },
    { title: t('耗时'), key: 'took', width: 80, render: (_, r) => t('{s} 秒', { s: seconds(r) }) },
    { title: t('结果'), key: 'result', render: (_, r) => <RunResult run={r} /> },
  ];

  return (
    <Page title={t('定时任务')} subTitle={t('后台任务在每个应用实例中轮询执行，同一任务同时只由一个实例运行；暂停对所有实例生效。')}>
      {jobs.isError ? (
        <QueryErrorResult error={jobs.error} onRetry={() => void jobs.refetch()} />
      ) : (
        <Table<JobView>
          rowKey="name"
          size="middle"
          columns={columns}
          dataSource={jobs.data}
          loading={jobs.isPending}
          pagination={false}
          scroll={{ x: 1100 }}
          data-testid="jobs-table"
        />
      )}
      <Flex align="center" gap={12} wrap style={{ margin: '24px 0 12px' }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('运行日志')}
        </Typography.Title>
        <Select<JobName>
          allowClear
          placeholder={t('全部任务')}
          style={{ width: 200 }}
          value={filter.job}
          onChange={(job) => setFilter((f) => ({ ...f, job }))}
          options={JOB_NAMES.map((n) => ({ value: n, label: JOB_LABEL[n].name }))}
        />
        <Space>
          <Switch size="small" checked={!!filter.onlyFailed} onChange={(onlyFailed) => setFilter((f) => ({ ...f, onlyFailed }))} />
          {t('只看失败')}
        </Space>
        <span className="muted">{t('记录每日任务的运行、失败的运行和手动执行')}</span>
      </Flex>
      {runs.isError ? (
        <QueryErrorResult error={runs.error} onRetry={() => void runs.refetch()} />
      ) : (
        <Table<JobRun>
          rowKey="id"
          size="small"
          columns={runColumns}
          dataSource={runs.data}
          loading={runs.isPending}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          data-testid="job-runs"
        />
      )}
    </Page>
  );
}
