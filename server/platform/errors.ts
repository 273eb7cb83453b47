import { ERROR_STATUS, type ErrorCode } from '../../domain/errors.js';

/** The only error type services throw on purpose; the central handler maps it to its status. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

/** `what` names the missing thing; `message` replaces the usual sentence where the reason is known better. */
export const notFound = (what = '记录', message = `${what}不存在或无权访问`) => new AppError('NOT_FOUND', message);
export const forbidden = (message = '无权执行此操作') => new AppError('FORBIDDEN', message);
export const versionConflict = (code: 'VERSION_CONFLICT' | 'ITEM_VERSION_CONFLICT' = 'VERSION_CONFLICT') => new AppError(code, '记录已被他人修改，请刷新后重试');
