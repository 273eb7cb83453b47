import { Suspense } from 'react';
import { Link, Outlet } from 'react-router';
import { t } from '../../app/i18n';
import { FullPageSpin } from '../../components/FullPageSpin';
import './public.css';

/**
 * The public transparency pages' own frame: no menu, no session, none of the signed-in app's shell,
 * so a reader from a news link downloads only these pages.
 */
export function PublicLayout() {
  return (
    <div className="pub-root">
      <header className="pub-header">
        <div className="pub-wrap pub-header-row">
          <Link to="/public" className="pub-brand">
            {t('局县科技会商 · 公开信息')}
          </Link>
          <Link to="/login" className="pub-login">
            {t('工作人员登录')}
          </Link>
        </div>
      </header>
      <main className="pub-wrap pub-main">
        <Suspense fallback={<FullPageSpin />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="pub-wrap pub-footer">{t('本页公开的是会商双方议定的事项及其落实进展，由市科技局发布。')}</footer>
    </div>
  );
}
