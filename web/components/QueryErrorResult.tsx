import { Button, Result } from 'antd';

function messageOf(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return '加载失败，请稍后重试';
}

/** What a screen shows when its data could not be loaded: the reason, and a way to try again. */
export function QueryErrorResult({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return <Result status="warning" title="数据加载失败" subTitle={messageOf(error)} extra={onRetry ? <Button onClick={onRetry}>重试</Button> : undefined} />;
}
