import { Spin } from 'antd';

export function FullPageSpin({ tip = '加载中…' }: { tip?: string }) {
  return (
    <div style={{ minHeight: '60vh', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
      <Spin size="large" description={tip} />
    </div>
  );
}
