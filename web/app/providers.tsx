import { useEffect, useRef, type ReactNode } from 'react';
import { QueryClientProvider, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { ConfigProvider } from 'antd';
import zhCN from 'antd/es/locale/zh_CN';
// antd's English is its built-in default, already in the bundle: importing it costs nothing.
import enUS from 'antd/es/locale/en_US';
import { locale, t } from './i18n';
import type { Me } from '../../domain/users.js';
import { ME_KEY, setSessionHint } from '../features/auth/auth.api';
import { setUnauthorizedListener } from './api-client';
import { FeedbackProvider, useFeedback } from './feedback';

/** Turns a 401 from any call into "signed out": RequireAuth then sends the user to the login page. */
function SessionWatcher() {
  const qc = useQueryClient();
  const { message } = useFeedback();
  const shown = useRef(false);
  useEffect(() => {
    setUnauthorizedListener((code) => {
      setSessionHint(false);
      const me = qc.getQueryData<Me | null>(ME_KEY);
      if (!me) return;
      if (!shown.current) {
        shown.current = true;
        const text: Record<string, string> = { SESSION_EXPIRED: t('长时间未操作，会话已结束，请重新登录'), SESSION_TERMINATED: t('您已被管理员强制下线，请重新登录') };
        void message.warning(text[code] ?? t('登录状态已失效，请重新登录'));
        setTimeout(() => (shown.current = false), 3000);
      }
      qc.setQueryData(ME_KEY, null);
    });
    return () => setUnauthorizedListener(null);
  }, [qc, message]);
  return null;
}

// Those who ask their system for less motion get none: drawers and dialogs appear at once.
const reducedMotion = typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true;

export function Providers({ client, children }: { client: QueryClient; children: ReactNode }) {
  return (
    <QueryClientProvider client={client}>
      <ConfigProvider
        locale={locale === 'en' ? enUS : zhCN}
        theme={{
          zeroRuntime: true,
          token: {
            colorPrimary: '#1f5fbf',
            motion: !reducedMotion,
            borderRadius: 4,
            fontFamily:
              '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif',
          },
        }}
      >
        <FeedbackProvider>
          <div className="hs-app">
            <SessionWatcher />
            {children}
          </div>
        </FeedbackProvider>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
