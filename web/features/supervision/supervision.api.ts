import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { EndpointBody, EndpointResponse } from '../../../domain/contract.js';
import type { Milestone, MilestoneCreate, MilestoneUpdate } from '../../../domain/milestones.js';
import { milestoneEndpoints } from '../../../domain/milestones.endpoints.js';
import { reportEndpoints } from '../../../domain/reports.endpoints.js';
import type { ReportReview } from '../../../domain/reports.js';
import { supervisionEndpoints } from '../../../domain/supervision.endpoints.js';
import type { SupervisionSettings } from '../../../domain/supervision.js';
import { callEndpoint, fileForm } from '../../app/api-client';
import { consultationKeys } from '../consultations/consultations.api';
import { itemKeys } from '../items/items.api';

export const supervisionKeys = {
  milestones: (itemId: number) => ['milestones', itemId] as const,
  reports: (itemId: number) => ['reports', itemId] as const,
  settings: (consultationId: number) => ['supervision-settings', consultationId] as const,
};

export type ItemReports = EndpointResponse<typeof reportEndpoints.ofItem>;

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
  return useQuery({ queryKey: supervisionKeys.reports(itemId), queryFn: () => callEndpoint(reportEndpoints.ofItem, { params: { id: itemId } }) });
}

export function useSubmitReport(itemId: number, consultationId: number) {
  const refresh = useRefreshItem();
  return useMutation({
    mutationFn: (body: EndpointBody<typeof reportEndpoints.submit>) => callEndpoint(reportEndpoints.submit, { params: { id: itemId }, body }),
    onSuccess: () => refresh(itemId, consultationId),
  });
}

export function useReviseReport(itemId: number, consultationId: number) {
  const refresh = useRefreshItem();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: EndpointBody<typeof reportEndpoints.revise> }) => callEndpoint(reportEndpoints.revise, { params: { id }, body }),
    onSuccess: () => refresh(itemId, consultationId),
  });
}

export function useReviewReport(itemId: number, consultationId: number) {
  const refresh = useRefreshItem();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: ReportReview }) => callEndpoint(reportEndpoints.review, { params: { id }, body }),
    onSuccess: () => refresh(itemId, consultationId),
  });
}

export function useAddContribution(itemId: number, consultationId: number) {
  const refresh = useRefreshItem();
  return useMutation({
    mutationFn: ({ id, text }: { id: number; text: string }) => callEndpoint(reportEndpoints.contribute, { params: { id }, body: { text } }),
    onSuccess: () => refresh(itemId, consultationId),
  });
}

export function useUploadEvidence(itemId: number, consultationId: number) {
  const refresh = useRefreshItem();
  return useMutation({
    mutationFn: ({ id, file }: { id: number; file: File }) => callEndpoint(reportEndpoints.uploadEvidence, { params: { id }, form: fileForm(file) }),
    onSuccess: () => refresh(itemId, consultationId),
  });
}

/** A file picked in the report form, uploaded at once; the report names it in evidenceIds when submitted. */
export function stageReportEvidence(itemId: number, file: File) {
  return callEndpoint(reportEndpoints.stageEvidence, { params: { id: itemId }, form: fileForm(file) });
}

/** Takes back a staged file the writer removed from the form (or left behind by closing it). */
export function discardReportEvidence(attachmentId: number) {
  return callEndpoint(reportEndpoints.discardEvidence, { params: { id: attachmentId } });
}

export function useSupervisionSettings(consultationId: number) {
  return useQuery({ queryKey: supervisionKeys.settings(consultationId), queryFn: () => callEndpoint(supervisionEndpoints.settings, { params: { id: consultationId } }) });
}

export function useUpdateSupervisionSettings(consultationId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SupervisionSettings & { version: number }) => callEndpoint(supervisionEndpoints.updateSettings, { params: { id: consultationId }, body }),
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
