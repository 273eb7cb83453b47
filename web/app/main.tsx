import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { ErrorBoundary } from './ErrorBoundary';
import { Providers } from './providers';
import { makeQueryClient } from './query-client';
import { router } from './router';
import { installZodChinese } from '../../domain/zod-locale.js';
import { locale } from './i18n';
// antd's styles as static sheets (its zero-runtime mode, set in providers.tsx): pages no longer
// compute every component's CSS in the browser while they render, which made each load ~30% slower.
// The first screens' part comes with the entry; the rest with the first other page (router.tsx).
import 'virtual:antd-first.css';
import './app.css';

// zod speaks English by itself; Chinese readers get its messages in Chinese.
if (locale === 'zh') installZodChinese();

const client = makeQueryClient();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Providers client={client}>
      <ErrorBoundary>
        <RouterProvider router={router} />
      </ErrorBoundary>
    </Providers>
  </StrictMode>,
);
