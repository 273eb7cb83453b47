import { useState } from 'react';
import { Flex, Input, Select } from 'antd';
import { PROJECT_STATUS_LABEL } from '../../app/labels';
import { t } from '../../app/i18n';
import { PROJECT_STATUSES, type ProjectStatus } from '../../../domain/projects.js';
import { Page } from '../../components/Page';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { useProjects, type ProjectFilters } from './projects.api';
import { ProjectTable } from './ProjectTable';

export function ProjectListPage() {
  const [filters, setFilters] = useState<ProjectFilters>({});
  const list = useProjects(filters);
  return (
    <Page title={t('项目')} subTitle={t('创新项目及其关联的会商事项')}>
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <Select<ProjectStatus>
          allowClear
          placeholder={t('全部状态')}
          style={{ width: 140 }}
          value={filters.status}
          onChange={(status) => setFilters((f) => ({ ...f, status }))}
          options={PROJECT_STATUSES.map((s) => ({ value: s, label: PROJECT_STATUS_LABEL[s] }))}
        />
        <Input.Search allowClear placeholder={t('搜索项目名称')} style={{ width: 280 }} onSearch={(q) => setFilters((f) => ({ ...f, q: q.trim() || undefined }))} />
      </Flex>
      {list.isError ? <QueryErrorResult error={list.error} onRetry={() => void list.refetch()} /> : <ProjectTable data={list.data} loading={list.isPending} />}
    </Page>
  );
}
