import { Button } from 'antd';
import { Callout } from './Callout';

function messageOf(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return '加载失败，请稍后重试';
}

/**
 * What a screen shows when its data could not be loaded: the reason, and a way to try again. A
 * callout rather than antd's Result: Result carries its large 403/404/500 pictures into every page.
 */
export function QueryErrorResult({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <Callout
      type="warning"
      style={{ margin: '24px 0' }}
      title="数据加载失败"
      description={messageOf(error)}
      action={onRetry ? <Button onClick={onRetry}>重试</Button> : undefined}
    />
  );
}
