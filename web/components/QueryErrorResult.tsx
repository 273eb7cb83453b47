import { Button } from 'antd';
import { Callout } from './Callout';
import { t } from '../app/i18n';

function messageOf(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return t('加载失败，请稍后重试');
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
      title={t('数据加载失败')}
      description={messageOf(error)}
      action={onRetry ? <Button onClick={onRetry}>{t('重试')}</Button> : undefined}
    />
  );
}
