import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { EndpointBody, EndpointQuery } from '../../../domain/contract.js';
import { INDICATOR_EXPORT_PATHS } from '../../../domain/indicator-workbook.endpoints.js';
import { indicatorEndpoints as api } from '../../../domain/indicators.endpoints.js';
import { callEndpoint } from '../../app/api-client';
import { t } from '../../app/i18n';

const KEY = ['indicators'] as const;

export function useCatalogue() {
  return useQuery({ queryKey: [...KEY, 'catalogue'], queryFn: () => callEndpoint(api.catalogue), staleTime: 60_000 });
}

export function useCounties() {
  return useQuery({ queryKey: [...KEY, 'counties'], queryFn: async () => (await callEndpoint(api.counties)).data, staleTime: 5 * 60_000 });
}

export function useSheet(division: string | null, year: number) {
  return useQuery({
    queryKey: [...KEY, 'sheet', division, year],
    queryFn: () => callEndpoint(api.sheet, { query: { division: division!, year } }),
    enabled: division !== null,
    placeholderData: keepPreviousData,
  });
}

export function useSubmissions(q: EndpointQuery<typeof api.submissions>) {
  return useQuery({ queryKey: [...KEY, 'submissions', q], queryFn: async () => (await callEndpoint(api.submissions, { query: q })).data });
}

export function useHistory(division: string, year: number, enabled: boolean) {
  return useQuery({ queryKey: [...KEY, 'history', division, year], queryFn: async () => (await callEndpoint(api.history, { query: { division, year } })).data, enabled });
}

export function useReadiness(division: string | null, year: number) {
  return useQuery({
    queryKey: [...KEY, 'readiness', division, year],
    queryFn: () => callEndpoint(api.readiness, { query: { division: division!, year } }),
    enabled: division !== null,
    placeholderData: keepPreviousData,
  });
}

export function useTrend(indicator: string) {
  return useQuery({ queryKey: [...KEY, 'trend', indicator], queryFn: () => callEndpoint(api.trend, { query: { indicator } }), placeholderData: keepPreviousData });
}

export function useComparison(year: number) {
  return useQuery({ queryKey: [...KEY, 'comparison', year], queryFn: () => callEndpoint(api.comparison, { query: { year } }), placeholderData: keepPreviousData });
}

/** Every change can move figures anywhere (a sheet accepted changes comparisons): refresh all indicator views. */
export function useIndicatorMutations() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: KEY });
  return {
    save: useMutation({ mutationFn: (body: EndpointBody<typeof api.saveSheet>) => callEndpoint(api.saveSheet, { body }), onSuccess: done }),
    submit: useMutation({ mutationFn: (body: EndpointBody<typeof api.submitSheet>) => callEndpoint(api.submitSheet, { body }), onSuccess: done }),
    review: useMutation({ mutationFn: (body: EndpointBody<typeof api.reviewSheet>) => callEndpoint(api.reviewSheet, { body }), onSuccess: done }),
    settings: useMutation({ mutationFn: (body: EndpointBody<typeof api.settings>) => callEndpoint(api.settings, { body }), onSuccess: done }),
    addTarget: useMutation({ mutationFn: (body: EndpointBody<typeof api.addTarget>) => callEndpoint(api.addTarget, { body }), onSuccess: done }),
    removeTarget: useMutation({ mutationFn: (id: number) => callEndpoint(api.removeTarget, { params: { id } }), onSuccess: done }),
  };
}

/** Figures as offices write them: no trailing zeros, thousands grouped. */
export function formatValue(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  return v.toLocaleString('zh-CN', { maximumFractionDigits: 4 });
}

export function formatGrowth(g: number | null | undefined, unit = '%'): string {
  if (g === null || g === undefined) return '—';
  return `${g > 0 ? '+' : ''}${g.toLocaleString('zh-CN', { maximumFractionDigits: 2 })}${unit}`;
}

/** The years a form offers: from the first the demo and real data go back to, up to this one. */
export function yearOptions(current: number) {
  return Array.from({ length: current - 2018 }, (_, i) => current - i).map((y) => ({ value: y, label: t('{y} 年', { y }) }));
}

/** The two workbooks the bureau and counties pass around: a county's table (all years) and the comparison of a year. */
export const countyTableUrl = (division: string) => `/api/v1${INDICATOR_EXPORT_PATHS.county}?division=${division}`;
export const comparisonUrl = (year: number) => `/api/v1${INDICATOR_EXPORT_PATHS.comparison}?year=${year}`;
