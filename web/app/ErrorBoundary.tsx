import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Button, Result } from 'antd';

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
    // Kept for whoever opens the browser console; the user sees the Chinese page below.
    console.error(error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return <CrashPage />;
  }
}

export function CrashPage({ detail }: { detail?: string }) {
  return (
    <Result
      status="error"
      title="页面出错了"
      subTitle={detail ?? '很抱歉，页面运行时出现了问题。请刷新页面重试；如果反复出现，请联系系统管理员。'}
      extra={[
        <Button key="reload" type="primary" onClick={() => window.location.reload()}>
          刷新页面
        </Button>,
        <Button key="home" onClick={() => window.location.assign('/')}>
          返回工作台
        </Button>,
      ]}
    />
  );
}
