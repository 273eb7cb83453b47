import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Meeting, MeetingCreate, MeetingUpdate } from '../../../domain/meetings.js';
import { meetingEndpoints as api } from '../../../domain/meetings.endpoints.js';
import { callEndpoint, fileForm } from '../../app/api-client';

export const meetingKeys = {
  ofConsultation: (consultationId: number) => ['meetings', consultationId] as const,
  one: (id: number) => ['meeting', id] as const,
};

export function useMeetings(consultationId: number) {
  return useQuery({
    queryKey: meetingKeys.ofConsultation(consultationId),
    queryFn: async () => (await callEndpoint(api.ofConsultation, { params: { id: consultationId } })).data,
  });
}

export function useMeeting(id: number | null, placeholder?: Meeting) {
  return useQuery({
    queryKey: meetingKeys.one(id ?? 0),
    queryFn: () => callEndpoint(api.get, { params: { id: id! } }),
    enabled: id !== null,
    placeholderData: placeholder,
  });
}

function useRefresh() {
  const qc = useQueryClient();
  return (m: Meeting) => {
    qc.setQueryData(meetingKeys.one(m.id), m);
    return qc.invalidateQueries({ queryKey: meetingKeys.ofConsultation(m.consultationId) });
  };
}

export function useCreateMeeting(consultationId: number) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: MeetingCreate) => callEndpoint(api.create, { params: { id: consultationId }, body }),
    onSuccess: refresh,
  });
}

export function useUpdateMeeting() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: MeetingUpdate }) => callEndpoint(api.update, { params: { id }, body }),
    onSuccess: refresh,
  });
}

export function useUploadMeetingPhoto() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ meeting, file }: { meeting: Meeting; file: File }) => callEndpoint(api.uploadPhoto, { params: { id: meeting.id }, form: fileForm(file) }),
    onSuccess: (_a, { meeting }) =>
      Promise.all([qc.invalidateQueries({ queryKey: meetingKeys.one(meeting.id) }), qc.invalidateQueries({ queryKey: meetingKeys.ofConsultation(meeting.consultationId) })]),
  });
}

export function useDeleteMeeting() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (m: Meeting) => callEndpoint(api.remove, { params: { id: m.id }, query: { version: m.version } }),
    onSuccess: (_r, m) => {
      qc.removeQueries({ queryKey: meetingKeys.one(m.id) });
      return qc.invalidateQueries({ queryKey: meetingKeys.ofConsultation(m.consultationId) });
    },
  });
}
