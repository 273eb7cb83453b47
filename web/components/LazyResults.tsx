import { lazy } from 'react';

// The 404 and no-access screens use antd's Result, which carries large pictures: the frame loads
// them only when one is drawn (a Suspense above shows the spinner meanwhile).
export const LazyNotFound = lazy(async () => {
  const [m] = await Promise.all([import('./NotFound'), import('virtual:antd-rest.css')]);
  return { default: m.NotFound };
});
export const LazyNoAccess = lazy(async () => {
  const [m] = await Promise.all([import('./NoAccess'), import('virtual:antd-rest.css')]);
  return { default: m.NoAccess };
});
