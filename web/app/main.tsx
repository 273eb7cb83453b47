import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { ErrorBoundary } from './ErrorBoundary';
import { makeQueryClient, Providers } from './providers';
import { router } from './router';
import { installZodChinese } from '../../domain/zod-locale.js';
import './app.css';

installZodChinese();

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
