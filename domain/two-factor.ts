import { z } from 'zod';
import { zSecondFactorCode } from './users.js';

/** Recovery codes issued at enrolment (and on regeneration); each works once, in place of a TOTP code. */
export const RECOVERY_CODE_COUNT = 10;

/** The authenticator app's name for this platform's accounts (otpauth issuer). */
export const TOTP_ISSUER = '会商平台';

export const zTwoFactorStatus = z.object({
  enabled: z.boolean(),
  enabledAt: z.string().nullable(),
  /** Administrators may not switch it off (等保: two factors for every administrator). */
  required: z.boolean(),
  recoveryCodesLeft: z.number(),
  /** An enrolment was started and awaits its first code. */
  pending: z.boolean(),
});
export type TwoFactorStatus = z.infer<typeof zTwoFactorStatus>;

/** A new secret to scan or type in; it takes effect only once a code from it is confirmed. */
export const zTwoFactorSetup = z.object({
  secret: z.string(),
  /** Drawn as a QR code by the page itself: no third-party service ever sees the secret. */
  otpauthUri: z.string(),
});

export const zTwoFactorCode = z.strictObject({ code: zSecondFactorCode });
/** Enrolment is confirmed with a code of the new secret itself, never a recovery code. */
export const zTwoFactorConfirm = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, '请输入验证器应用显示的 6 位数字'),
});

/** Shown once: the server keeps only their hashes. */
export const zRecoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });
