import { Spin } from 'antd';
import { t } from '../app/i18n';

export function FullPageSpin({ tip = t('加载中…') }: { tip?: string }) {
  return (
    <div style={{ minHeight: '60vh', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
      <Spin size="large" description={tip} />
    </div>
  );
}
