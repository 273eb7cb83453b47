import { lazy, Suspense, type ComponentType } from 'react';
import { FullPageSpin } from '../components/FullPageSpin';
import { createBrowserRouter, Navigate } from 'react-router';
import { LoginPage } from '../features/auth/LoginPage';
import { RequireAuth } from '../features/auth/RequireAuth';
import { RequirePermission } from '../features/auth/RequirePermission';
import { useSession } from '../features/auth/session';
import { AppLayout } from './AppLayout';
import { LazyNoAccess, LazyNotFound } from '../components/LazyResults';
import { ADMIN_PAGES, adminPagesFor } from './navigation';
import { RouteError } from './RouteError';

/**
 * Each screen is its own chunk: the login page does not wait for the admin tables. Every screen but
 * the home page also draws components outside antd's first sheet (antd-sheets.ts): the rest of the
 * sheet comes with them, once.
 */
function page<M>(load: () => Promise<M>, pick: (m: M) => ComponentType) {
  return lazy(async () => {
    const [m] = await Promise.all([load(), import('virtual:antd-rest.css'), import('./dayjs-zh')]);
    return { default: pick(m) };
  });
}

const HomePage = lazy(async () => ({ default: (await import('../features/home/HomePage')).HomePage }));
const ConsultationListPage = page(
  () => import('../features/consultations/ConsultationListPage'),
  (m) => m.ConsultationListPage,
);
const ConsultationPage = page(
  () => import('../features/consultations/ConsultationPage'),
  (m) => m.ConsultationPage,
);
const ProjectListPage = page(
  () => import('../features/projects/ProjectListPage'),
  (m) => m.ProjectListPage,
);
const SearchPage = page(
  () => import('../features/search/SearchPage'),
  (m) => m.SearchPage,
);
const ProjectDetailPage = page(
  () => import('../features/projects/ProjectDetailPage'),
  (m) => m.ProjectDetailPage,
);
const OrganisationsPage = page(
  () => import('../features/organisations/OrganisationsPage'),
  (m) => m.OrganisationsPage,
);
const UsersPage = page(
  () => import('../features/users/UsersPage'),
  (m) => m.UsersPage,
);
const DomainDictionaryPage = page(
  () => import('../features/dictionaries/DomainDictionaryPage'),
  (m) => m.DomainDictionaryPage,
);
const AnnouncementAdminPage = page(
  () => import('../features/announcements/AnnouncementAdminPage'),
  (m) => m.AnnouncementAdminPage,
);
const AnnouncementsPage = page(
  () => import('../features/announcements/AnnouncementsPage'),
  (m) => m.AnnouncementsPage,
);
const ParametersPage = page(
  () => import('../features/system/ParametersPage'),
  (m) => m.ParametersPage,
);
const JobsPage = page(
  () => import('../features/system/JobsPage'),
  (m) => m.JobsPage,
);
const OnlineUsersPage = page(
  () => import('../features/system/OnlineUsersPage'),
  (m) => m.OnlineUsersPage,
);
const DashboardPage = page(
  () => import('../features/dashboard/DashboardPage'),
  (m) => m.DashboardPage,
);
const IndicatorsPage = page(
  () => import('../features/indicators/IndicatorsPage'),
  (m) => m.IndicatorsPage,
);
const AuditLogPage = page(
  () => import('../features/audit/AuditLogPage'),
  (m) => m.AuditLogPage,
);
const LoginLogPage = page(
  () => import('../features/audit/LoginLogPage'),
  (m) => m.LoginLogPage,
);
const ProfilePage = page(
  () => import('../features/profile/ProfilePage'),
  (m) => m.ProfilePage,
);
const BoardPage = page(
  () => import('../features/supervision-board/BoardPage'),
  (m) => m.BoardPage,
);
const NotificationsPage = page(
  () => import('../features/notifications/NotificationsPage'),
  (m) => m.NotificationsPage,
);
const DeliveriesPage = page(
  () => import('../features/notifications/DeliveriesPage'),
  (m) => m.DeliveriesPage,
);

// The public transparency pages: their own frame and chunks, nothing of the signed-in shell.
const PublicLayout = page(
  () => import('../features/public/PublicLayout'),
  (m) => m.PublicLayout,
);
const PublicHomePage = lazy(async () => ({ default: (await import('../features/public/PublicHomePage')).PublicHomePage }));
const PublicConsultationPage = lazy(async () => ({ default: (await import('../features/public/PublicConsultationPage')).PublicConsultationPage }));

function AdminIndex() {
  const first = adminPagesFor(useSession())[0];
  return first ? <Navigate to={first.path} replace /> : <LazyNoAccess />;
}

const guard = (path: string) => ADMIN_PAGES.find((p) => p.path === path)!.anyOf;

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
  {
    path: '/public',
    element: (
      <Suspense fallback={<FullPageSpin />}>
        <PublicLayout />
      </Suspense>
    ),
    errorElement: <RouteError />,
    children: [
      { index: true, element: <PublicHomePage /> },
      { path: 'consultations/:id', element: <PublicConsultationPage /> },
      { path: '*', element: <LazyNotFound /> },
    ],
  },
  {
    element: <RequireAuth />,
    errorElement: <RouteError />,
    children: [
      {
        element: <AppLayout />,
        children: [
          {
            // Errors below keep the menu and header on screen.
            errorElement: <RouteError />,
            children: [
              { index: true, element: <HomePage /> },
              {
                path: 'consultations',
                element: (
                  <RequirePermission anyOf={['consultation.read']}>
                    <ConsultationListPage />
                  </RequirePermission>
                ),
              },
              {
                path: 'consultations/:id/:tab?',
                element: (
                  <RequirePermission anyOf={['consultation.read']}>
                    <ConsultationPage />
                  </RequirePermission>
                ),
              },
              {
                path: 'dashboard',
                element: (
                  <RequirePermission anyOf={['consultation.read']}>
                    <DashboardPage />
                  </RequirePermission>
                ),
              },
              {
                path: 'indicators/:tab?',
                element: (
                  <RequirePermission anyOf={['indicator.read']}>
                    <IndicatorsPage />
                  </RequirePermission>
                ),
              },
              {
                path: 'projects',
                element: (
                  <RequirePermission anyOf={['consultation.read']}>
                    <ProjectListPage />
                  </RequirePermission>
                ),
              },
              {
                path: 'projects/:id',
                element: (
                  <RequirePermission anyOf={['consultation.read']}>
                    <ProjectDetailPage />
                  </RequirePermission>
                ),
              },
              { path: 'admin', element: <AdminIndex /> },
              {
                path: 'admin/organisations',
                element: (
                  <RequirePermission anyOf={guard('/admin/organisations')}>
                    <OrganisationsPage />
                  </RequirePermission>
                ),
              },
              {
                path: 'admin/users',
                element: (
                  <RequirePermission anyOf={guard('/admin/users')}>
                    <UsersPage />
                  </RequirePermission>
                ),
              },
              {
                path: 'admin/domains',
                element: (
                  <RequirePermission anyOf={guard('/admin/domains')}>
                    <DomainDictionaryPage />
                  </RequirePermission>
                ),
              },
              {
                path: 'admin/announcements',
                element: (
                  <RequirePermission anyOf={guard('/admin/announcements')}>
                    <AnnouncementAdminPage />
                  </RequirePermission>
                ),
              },
              { path: 'announcements', element: <AnnouncementsPage /> },
              { path: 'search', element: <SearchPage /> },
              {
                path: 'admin/parameters',
                element: (
                  <RequirePermission anyOf={guard('/admin/parameters')}>
                    <ParametersPage />
                  </RequirePermission>
                ),
              },
              {
                path: 'admin/jobs',
                element: (
                  <RequirePermission anyOf={guard('/admin/jobs')}>
                    <JobsPage />
                  </RequirePermission>
                ),
              },
              {
                path: 'admin/online',
                element: (
                  <RequirePermission anyOf={guard('/admin/online')}>
                    <OnlineUsersPage />
                  </RequirePermission>
                ),
              },
              {
                path: 'admin/audit-log',
                element: (
                  <RequirePermission anyOf={guard('/admin/audit-log')}>
                    <AuditLogPage />
                  </RequirePermission>
                ),
              },
              {
                path: 'admin/login-log',
                element: (
                  <RequirePermission anyOf={guard('/admin/login-log')}>
                    <LoginLogPage />
                  </RequirePermission>
                ),
              },
              { path: 'profile', element: <ProfilePage /> },
              {
                path: 'board',
                element: (
                  <RequirePermission anyOf={['consultation.read']}>
                    <BoardPage />
                  </RequirePermission>
                ),
              },
              { path: 'notifications', element: <NotificationsPage /> },
              {
                path: 'admin/deliveries',
                element: (
                  <RequirePermission anyOf={guard('/admin/deliveries')}>
                    <DeliveriesPage />
                  </RequirePermission>
                ),
              },
              { path: '*', element: <LazyNotFound /> },
            ],
          },
        ],
      },
    ],
  },
]);
