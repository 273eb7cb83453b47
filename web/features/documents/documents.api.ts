import { useMutation, useQuery } from '@tanstack/react-query';
import { documentEndpoints } from '../../../domain/documents.endpoints.js';
import type { ErrorCode } from '../../../domain/errors.js';
import { noticeEndpoints } from '../../../domain/notices.endpoints.js';
import { ApiError, callAllPages } from '../../app/api-client';
import { t } from '../../app/i18n';

/** The file name the server chose (RFC 5987 `filename*`), so the saved file keeps its Chinese name. */
export function filenameFrom(disposition: string | null, fallback: string): string {
  const star = disposition ? /filename\*=UTF-8''([^;]+)/i.exec(disposition) : null;
  if (star) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // A malformed header: keep the fallback.
    }
  }
  return fallback;
}

async function errorOf(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as { error?: { code?: ErrorCode; message?: string; details?: unknown } };
    if (body.error?.code && body.error.message) return new ApiError(res.status, body.error.code, body.error.message, body.error.details);
  } catch {
    // Not the API's envelope.
  }
  return new ApiError(res.status, res.status >= 500 ? 'INTERNAL' : 'UNPROCESSABLE', t('文档生成失败（{status}）', { status: res.status }));
}

/**
 * Fetches a generated document and hands it to the browser as a download. A plain link would do for
 * success, but an error (a bad period, a record gone) must come back as a message, not a JSON page.
 */
export async function downloadDocument(path: string, fallbackName: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK', t('无法连接服务器，请检查网络后重试'));
  }
  if (!res.ok) throw await errorOf(res);
  const name = filenameFrom(res.headers.get('content-disposition'), fallbackName);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

export function useDownloadDocument() {
  return useMutation({ mutationFn: ({ path, fallbackName }: { path: string; fallbackName: string }) => downloadDocument(path, fallbackName) });
}

/** Every file uploaded to the consultation (meetings, needs, discussions, reports, completions), newest first. */
export function useConsultationFiles(consultationId: number) {
  return useQuery({
    queryKey: ['consultation-files', consultationId] as const,
    queryFn: () => callAllPages(documentEndpoints.files, { params: { id: consultationId }, query: { limit: 200 } }),
  });
}

/** The consultation's supervision notices, each of which comes out as a 督办单; under ['notices'] so their changes refresh it. */
export function useConsultationNotices(consultationId: number) {
  return useQuery({
    queryKey: ['notices', 'consultation', consultationId] as const,
    queryFn: () => callAllPages(noticeEndpoints.list, { query: { consultationId, limit: 200 } }),
  });
}
