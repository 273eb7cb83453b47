import type { FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import { AppError } from './errors.js';

type FileOptions = Parameters<FastifyRequest['file']>[0];

/**
 * The single `file` part of a multipart upload. The parser throws plain errors for a body it cannot
 * split (no boundary, a wrong one, a broken part header): those are the client's, a 400, not a 500.
 */
export async function fileField(req: FastifyRequest, unsupported: string, options?: FileOptions): Promise<MultipartFile> {
  if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', unsupported);
  let part: MultipartFile | undefined;
  try {
    part = await req.file(options);
  } catch (err) {
    if (err instanceof AppError || (err as { statusCode?: number }).statusCode === 413) throw err;
    throw new AppError('VALIDATION_FAILED', '上传内容无法解析：请以 multipart/form-data 上传，并带正确的 boundary', [{ field: 'body', message: '格式错误' }]);
  }
  if (!part || part.fieldname !== 'file') {
    part?.file.resume();
    throw new AppError('VALIDATION_FAILED', '缺少文件字段 file', [{ field: 'body.file', message: '必填' }]);
  }
  return part;
}
