import type { ConsultationDetail } from '../../../domain/consultations.js';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { useProjects } from './projects.api';
import { ProjectTable } from './ProjectTable';
import { t } from '../../app/i18n';

/** The 项目 tab: innovation projects linked to this consultation's items. */
export function ConsultationProjectsTab({ consultation }: { consultation: ConsultationDetail }) {
  const list = useProjects({ consultationId: consultation.id });
  if (list.isError) return <QueryErrorResult error={list.error} onRetry={() => void list.refetch()} />;
  return <ProjectTable data={list.data} loading={list.isPending} emptyText={t('本次会商的事项尚未关联项目')} />;
}
