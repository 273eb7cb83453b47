import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { jobEndpoints } from '../../../domain/jobs.endpoints.js';
import type { JobName } from '../../../domain/jobs.js';
import { onlineEndpoints } from '../../../domain/online.endpoints.js';
import { parameterEndpoints } from '../../../domain/parameters.endpoints.js';
import type { ParameterKey } from '../../../domain/parameters.js';
import { callEndpoint } from '../../app/api-client';

const ONLINE_KEY = ['online-sessions'] as const;
const JOBS_KEY = ['jobs'] as const;
const PARAMS_KEY = ['parameters'] as const;

export function useOnlineSessions() {
  // Who is signed in changes by itself: the list refreshes while the page is open.
  return useQuery({ queryKey: ONLINE_KEY, queryFn: async () => (await callEndpoint(onlineEndpoints.list, { query: {} })).data, refetchInterval: 30_000 });
}

export function useTerminateSession() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => callEndpoint(onlineEndpoints.terminate, { params: { id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ONLINE_KEY }),
  });
}

export function useJobs() {
  return useQuery({ queryKey: JOBS_KEY, queryFn: async () => (await callEndpoint(jobEndpoints.list)).data, refetchInterval: 15_000 });
}

export function useJobRuns(filter: { job?: JobName; onlyFailed?: boolean }) {
  return useQuery({
    queryKey: [...JOBS_KEY, 'runs', filter],
    queryFn: async () => (await callEndpoint(jobEndpoints.runs, { query: { job: filter.job, onlyFailed: filter.onlyFailed ? 'true' : undefined, limit: 100 } })).data,
  });
}

export function useJobActions() {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: JOBS_KEY });
  return {
    run: useMutation({ mutationFn: (name: JobName) => callEndpoint(jobEndpoints.run, { params: { name } }), onSuccess: done }),
    pause: useMutation({ mutationFn: (name: JobName) => callEndpoint(jobEndpoints.pause, { params: { name } }), onSuccess: done }),
    resume: useMutation({ mutationFn: (name: JobName) => callEndpoint(jobEndpoints.resume, { params: { name } }), onSuccess: done }),
  };
}

export function useParameters() {
  return useQuery({ queryKey: PARAMS_KEY, queryFn: async () => (await callEndpoint(parameterEndpoints.list)).data });
}

export function useUpdateParameter() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ key, value }: { key: ParameterKey; value: number | null }) => callEndpoint(parameterEndpoints.update, { params: { key }, body: { value } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: PARAMS_KEY }),
  });
}
