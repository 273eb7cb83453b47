import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Button, Flex } from 'antd';
import { Heading, Text } from '../components/Text';
import { CloseCircleFilled } from '@ant-design/icons';
import { t } from './i18n';

interface State {
  error: Error | null;
}

/** The last line of defence outside the router: a crash anywhere still leaves the user a way on. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // Kept for whoever opens the browser console; the user sees the page below.
    console.error(error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return <CrashPage />;
  }
}

/**
 * Drawn without antd's Result: that component carries its large pictures into the first download,
 * and this page must show even when a page's code failed to load.
 */
export function CrashPage({ detail }: { detail?: string }) {
  return (
    <Flex vertical align="center" gap={12} className="crash-page" role="alert">
      <CloseCircleFilled className="crash-page-icon" />
      <Heading level={3} style={{ margin: 0 }}>
        {t('页面出错了')}
      </Heading>
      <Text secondary>{detail ?? t('很抱歉，页面运行时出现了问题。请刷新页面重试；如果反复出现，请联系系统管理员。')}</Text>
      <Flex gap={8} wrap justify="center">
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('刷新页面')}
        </Button>
        <Button onClick={() => window.location.assign('/')}>{t('返回工作台')}</Button>
      </Flex>
    </Flex>
  );
}
