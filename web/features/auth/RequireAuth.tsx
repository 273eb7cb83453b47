import { Navigate, Outlet, useLocation } from 'react-router';
import { FullPageSpin } from '../../components/FullPageSpin';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { useMeQuery } from './auth.api';
import { PasswordChangeRequired } from './PasswordChangeRequired';
import { SessionContext } from './session';

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
  if (me.data.mustChangePassword) return <PasswordChangeRequired me={me.data} />;
  return (
    <SessionContext value={me.data}>
      <Outlet />
    </SessionContext>
  );
}
