import { lazy, Suspense } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { FullPageSpin } from '../../components/FullPageSpin';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { useMeQuery } from './auth.api';
import { SessionContext } from './session';

// Seen once per account at most (a password someone else set): its Result picture and password
// form stay out of the first download.
const PasswordChangeRequired = lazy(async () => {
  const [m] = await Promise.all([import('./PasswordChangeRequired'), import('virtual:antd-rest.css')]);
  return { default: m.PasswordChangeRequired };
});

// Seen once per administrator at most, and it carries the QR code drawing: kept out of the first download too.
const TwoFactorEnrolmentRequired = lazy(async () => {
  const [m] = await Promise.all([import('./TwoFactorEnrolmentRequired'), import('virtual:antd-rest.css')]);
  return { default: m.TwoFactorEnrolmentRequired };
});

/** Everything but the login page sits behind this: no session → login, remembering where to return. */
export function RequireAuth() {
  const me = useMeQuery();
  const location = useLocation();
  if (me.isPending) return <FullPageSpin />;
  if (me.isError) return <QueryErrorResult error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) {
    const next = `${location.pathname}${location.search}`;
    const to = next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
    return <Navigate to={to} replace />;
  }
  if (me.data.mustChangePassword) {
    return (
      <Suspense fallback={<FullPageSpin />}>
        <PasswordChangeRequired me={me.data} />
      </Suspense>
    );
  }
  if (me.data.twoFactorEnrolmentRequired) {
    return (
      <Suspense fallback={<FullPageSpin />}>
        <TwoFactorEnrolmentRequired me={me.data} />
      </Suspense>
    );
  }
  return (
    <SessionContext value={me.data}>
      <Outlet />
    </SessionContext>
  );
}
