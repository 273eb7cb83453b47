import { Result } from 'antd';
import { LinkButton } from './LinkButton';

export function NotFound({ what = '页面' }: { what?: string }) {
  return (
    <Result
      status="404"
      title={`${what}不存在`}
      subTitle={`您要找的${what}不存在、已被删除，或不在您的查看范围内。`}
      extra={
        <LinkButton to="/" type="primary">
          返回工作台
        </LinkButton>
      }
    />
  );
}
