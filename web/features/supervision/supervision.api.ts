import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Attachment } from '../../../domain/attachments.js';
import type { Milestone, MilestoneCreate, MilestoneUpdate } from '../../../domain/milestones.js';
import { milestoneEndpoints } from '../../../domain/milestones.endpoints.js';
import type { z } from 'zod';
import type { Report, ReportCreate, ReportRevise, ReportReview, zItemReports } from '../../../domain/reports.js';
import type { SupervisionSettings, zSupervisionSettingsView } from '../../../domain/supervision.js';
import { api, callEndpoint } from '../../app/api-client';
import { consultationKeys } from '../consultations/consultations.api';
import { itemKeys } from '../items/items.api';

export const supervisionKeys = {
  milestones: (itemId: number) => ['milestones', itemId] as const,
  reports: (itemId: number) => ['reports', itemId] as const,
  settings: (consultationId: number) => ['supervision-settings', consultationId] as const,
};

// The reports and supervision-settings routes are not on contracts yet; their answers are typed by the domain schemas they send.
export type ItemReports = z.infer<typeof zItemReports>;
type SettingsView = z.infer<typeof zSupervisionSettingsView>;

/** Milestones and reports move the item's light: the item and its ledger follow. */
function useRefreshItem() {
  const qc = useQueryClient();
  return (itemId: number, consultationId: number) =>
    Promise.all([
      qc.invalidateQueries({ queryKey: supervisionKeys.milestones(itemId) }),
      qc.invalidateQueries({ queryKey: supervisionKeys.reports(itemId) }),
      qc.invalidateQueries({ queryKey: itemKeys.one(itemId) }),
      qc.invalidateQueries({ queryKey: itemKeys.ofConsultation(consultationId) }),
    ]);
}

export function useMilestones(itemId: number) {
  return useQuery({
    queryKey: supervisionKeys.milestones(itemId),
    queryFn: () => callEndpoint(milestoneEndpoints.ofItem, { params: { id: itemId } }),
  });
}

export function useCreateMilestone(itemId: number, consultationId: number) {
  const refresh = useRefreshItem();
  return useMutation({
    mutationFn: (body: MilestoneCreate) => callEndpoint(milestoneEndpoints.create, { params: { id: itemId }, body }),
    onSuccess: () => refresh(itemId, consultationId),
  });
}

export function useUpdateMilestone(itemId: number, consultationId: number) {
  const refresh = useRefreshItem();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: MilestoneUpdate }) => callEndpoint(milestoneEndpoints.update, { params: { id }, body }),
    onSuccess: () => refresh(itemId, consultationId),
  });
}

export function useDeleteMilestone(itemId: number, consultationId: number) {
  const refresh = useRefreshItem();
  return useMutation({
    mutationFn: (m: Milestone) => callEndpoint(milestoneEndpoints.remove, { params: { id: m.id }, query: { version: m.version } }),
    onSuccess: () => refresh(itemId, consultationId),
  });
}

export function useItemReports(itemId: number) {
  return useQuery({ queryKey: supervisionKeys.reports(itemId), queryFn: () => api.get<ItemReports>(`/items/${itemId}/reports`) });
}

export function useSubmitReport(itemId: number, consultationId: number) {
  const refresh = useRefreshItem();
  return useMutation({
    mutationFn: (body: ReportCreate) => api.post<Report>(`/items/${itemId}/reports`, body),
    onSuccess: () => refresh(itemId, consultationId),
  });
}

export function useReviseReport(itemId: number, consultationId: number) {
  const refresh = useRefreshItem();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: ReportRevise }) => api.put<Report>(`/reports/${id}`, body),
    onSuccess: () => refresh(itemId, consultationId),
  });
}

export function useReviewReport(itemId: number, consultationId: number) {
  const refresh = useRefreshItem();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: ReportReview }) => api.post<Report>(`/reports/${id}/review`, body),
    onSuccess: () => refresh(itemId, consultationId),
  });
}

export function useAddContribution(itemId: number, consultationId: number) {
  const refresh = useRefreshItem();
  return useMutation({
    mutationFn: ({ id, text }: { id: number; text: string }) => api.post<Report>(`/reports/${id}/contributions`, { text }),
    onSuccess: () => refresh(itemId, consultationId),
  });
}

export function useUploadEvidence(itemId: number, consultationId: number) {
  const refresh = useRefreshItem();
  return useMutation({
    mutationFn: ({ id, file }: { id: number; file: File }) => api.upload<Attachment>(`/reports/${id}/evidence`, file),
    onSuccess: () => refresh(itemId, consultationId),
  });
}

export function useSupervisionSettings(consultationId: number) {
  return useQuery({ queryKey: supervisionKeys.settings(consultationId), queryFn: () => api.get<SettingsView>(`/consultations/${consultationId}/supervision-settings`) });
}

export function useUpdateSupervisionSettings(consultationId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SupervisionSettings & { version: number }) => api.put<SettingsView>(`/consultations/${consultationId}/supervision-settings`, body),
    onSuccess: (s) => {
      qc.setQueryData(supervisionKeys.settings(consultationId), s);
      // The consultation's version moved, and every item's light may have.
      return Promise.all([
        qc.invalidateQueries({ queryKey: consultationKeys.one(consultationId) }),
        qc.invalidateQueries({ queryKey: itemKeys.ofConsultation(consultationId) }),
        qc.invalidateQueries({ queryKey: ['item'] }),
        qc.invalidateQueries({ queryKey: ['reports'] }),
      ]);
    },
  });
}
