import type { User } from '../../../domain/users.js';
import { t } from '../../app/i18n';

/** Not in domain/labels.ts yet; the account status as the admin pages show it. */
export const USER_STATUS_LABEL: Record<User['status'], string> = {
  active: t('正常'),
  disabled: t('停用'),
};

export function isLocked(u: Pick<User, 'lockedUntil'>, now = Date.now()): boolean {
  return u.lockedUntil !== null && Date.parse(u.lockedUntil) > now;
}
