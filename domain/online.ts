import { z } from 'zod';

/**
 * 在线用户: a signed-in session as the security administrator sees it. The id is the session's
 * stored hash of the cookie, so knowing it does not let anyone use the session.
 */
export const zOnlineSession = z.object({
  id: z.string(),
  userId: z.number(),
  username: z.string(),
  displayName: z.string(),
  org: z.object({ id: z.number(), name: z.string() }),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  /** When it ends if nobody acts: the idle limit from now's last activity, or the hard expiry. */
  endsAt: z.string(),
  /** The caller's own session (ending it is a logout, so the page says so). */
  current: z.boolean(),
  /** false for another administrator's session: 三员分立 keeps it out of reach. */
  canTerminate: z.boolean(),
});
export type OnlineSession = z.infer<typeof zOnlineSession>;

export const zOnlineQuery = z.strictObject({ username: z.string().max(64).optional() });
export const zSessionParams = z.strictObject({ id: z.string().regex(/^[0-9a-f]{64}$/, '无效的会话编号') });
