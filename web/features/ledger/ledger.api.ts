import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { LedgerCommit, LedgerMapping, LedgerPreview } from '../../../domain/ledger.js';
import { endpointPath } from '../../../domain/contract.js';
import { ledgerEndpoints } from '../../../domain/ledger.endpoints.js';
import { ApiError, callEndpoint, currentCsrfToken } from '../../app/api-client';
import type { ItemFilters } from '../items/items.api';
import { itemKeys } from '../items/items.api';
import { t } from '../../app/i18n';

/**
 * Uploads a workbook with XMLHttpRequest, which (unlike fetch) reports upload progress: large ledgers
 * take a while on county networks and people need to see that something is happening.
 */
export function uploadLedger(consultationId: number, file: File, onProgress: (percent: number) => void): Promise<LedgerPreview> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    // The path from the contract; XMLHttpRequest rather than callEndpoint for the progress events.
    xhr.open(ledgerEndpoints.upload.method, `/api/v1${endpointPath(ledgerEndpoints.upload.path, { id: consultationId })}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    const csrf = currentCsrfToken();
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', t('无法连接服务器，请检查网络后重试')));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // Not our envelope: a generic message below.
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as LedgerPreview);
      const err = (body as { error?: { code: ApiError['code']; message: string; details?: unknown } } | null)?.error;
      reject(err ? new ApiError(xhr.status, err.code, err.message, err.details) : new ApiError(xhr.status, 'INTERNAL', t('上传失败（{status}）', { status: xhr.status })));
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

export function useRepreview() {
  return useMutation({
    mutationFn: ({ id, mapping }: { id: number; mapping: LedgerMapping }) => callEndpoint(ledgerEndpoints.preview, { params: { id }, body: mapping }),
  });
}

export function useCommitLedger(consultationId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: LedgerCommit }) => callEndpoint(ledgerEndpoints.commit, { params: { id }, body }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: itemKeys.ofConsultation(consultationId) });
      void qc.invalidateQueries({ queryKey: ['organisations'] });
    },
  });
}

/** The export link with the list page's filters, so the file holds what the screen shows. */
export function ledgerExportUrl(consultationId: number, filters: ItemFilters & { category?: string; light?: string }): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return `/api/v1/consultations/${consultationId}/ledger.xlsx${qs ? `?${qs}` : ''}`;
}
