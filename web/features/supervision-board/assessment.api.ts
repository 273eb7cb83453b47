import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { assessmentEndpoints as api } from '../../../domain/assessment.endpoints.js';
import type { EndpointBody } from '../../../domain/contract.js';
import { callEndpoint } from '../../app/api-client';

export const assessmentKeys = {
  all: ['assessment'] as const,
  of: (period: string | undefined, hostOrgId: number | undefined) => ['assessment', period ?? 'latest', hostOrgId ?? 'default'] as const,
};

/** The ranking of the lead units in the caller's scope for a period (2026Q3, 2026H1, 2026). */
export function useAssessment(period: string | undefined, hostOrgId: number | undefined) {
  return useQuery({
    queryKey: assessmentKeys.of(period, hostOrgId),
    queryFn: () => callEndpoint(api.ranking, { query: { period, hostOrgId } }),
    placeholderData: keepPreviousData,
  });
}

export function useSetAssessmentWeights() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: EndpointBody<typeof api.setWeights>) => callEndpoint(api.setWeights, { body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: assessmentKeys.all }),
  });
}

/** The same ranking as a workbook, with the formula column. */
export function assessmentExportUrl(period: string, hostOrgId: number | undefined): string {
  const q = new URLSearchParams({ period });
  if (hostOrgId) q.set('hostOrgId', String(hostOrgId));
  return `/api/v1/assessment/export.xlsx?${q}`;
}
