import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { authEndpoints } from '../../../domain/auth.endpoints.js';
import type { EndpointBody } from '../../../domain/contract.js';
import type { Me } from '../../../domain/users.js';
import { callEndpoint, isApiError, setCsrfToken } from '../../app/api-client';

export const ME_KEY = ['me'] as const;

/**
 * The session cookie is HttpOnly, so the page cannot see whether one exists. This flag remembers
 * that this browser signed in, so a signed-out visit goes straight to the login page instead of
 * asking /me and getting a 401 (which browsers log as a console error).
 */
const SESSION_HINT = 'huishang.signedIn';

export function setSessionHint(on: boolean): void {
  try {
    if (on) localStorage.setItem(SESSION_HINT, '1');
    else localStorage.removeItem(SESSION_HINT);
  } catch {
    // Storage may be disabled; the app then simply asks /me every time.
  }
}

function mayHaveSession(): boolean {
  try {
    return localStorage.getItem(SESSION_HINT) === '1';
  } catch {
    return true;
  }
}

const END_REASON = 'huishang.endReason';

function rememberEndReason(message: string): void {
  try {
    sessionStorage.setItem(END_REASON, message);
  } catch {
    // Private mode without storage: the login page simply says nothing.
  }
}

/** The reason the last session ended, read once: the login page shows it and it is gone. */
export function takeEndReason(): string | null {
  try {
    const m = sessionStorage.getItem(END_REASON);
    sessionStorage.removeItem(END_REASON);
    return m;
  } catch {
    return null;
  }
}

async function fetchMe(): Promise<Me | null> {
  if (!mayHaveSession()) return null;
  try {
    const me = await callEndpoint(authEndpoints.me, { quiet401: true });
    setCsrfToken(me.csrfToken);
    return me;
  } catch (err) {
    if (isApiError(err) && err.status === 401) {
      setSessionHint(false);
      // Why the session ended, for the login page to say once: "you were signed out" is not enough.
      if (err.code === 'SESSION_TERMINATED' || err.code === 'SESSION_EXPIRED') rememberEndReason(err.message);
      return null;
    }
    throw err;
  }
}

/** The signed-in user, or null when there is no session (a 401 here is an answer, not an error). */
export function useMeQuery() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 5 * 60_000 });
}

/** The user the app already knows of, without asking the server (the login page must not probe). */
export function useKnownMe(): Me | null {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, enabled: false }).data ?? null;
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: EndpointBody<typeof authEndpoints.login>) => callEndpoint(authEndpoints.login, { body, quiet401: true }),
    onSuccess: ({ user, csrfToken }) => {
      setCsrfToken(csrfToken);
      setSessionHint(true);
      // Whatever was cached belonged to the previous session.
      qc.clear();
      qc.setQueryData(ME_KEY, user);
    },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => callEndpoint(authEndpoints.logout, { quiet401: true }),
    onSettled: () => {
      setCsrfToken(null);
      setSessionHint(false);
      qc.clear();
      qc.setQueryData(ME_KEY, null);
    },
  });
}
