import { isRouteErrorResponse, useRouteError } from 'react-router';
import { Suspense } from 'react';
import { LazyNotFound } from '../components/LazyResults';
import { FullPageSpin } from '../components/FullPageSpin';
import { CrashPage } from './ErrorBoundary';
import { t } from './i18n';

/** The router's error element: a 404 from routing reads as such, anything else as a crash. */
export function RouteError() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <Suspense fallback={<FullPageSpin />}>
        <LazyNotFound />
      </Suspense>
    );
  }
  // A new deployment replaces the hashed chunks; an old tab then fails to load a page's code.
  const stale = error instanceof TypeError && /dynamically imported module|Importing a module script failed/i.test(error.message);
  return <CrashPage detail={stale ? t('系统已更新，请刷新页面以载入新版本。') : undefined} />;
}
