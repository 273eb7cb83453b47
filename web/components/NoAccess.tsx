import { Result } from 'antd';
import { LinkButton } from './LinkButton';

export function NoAccess() {
  return (
    <Result
      status="403"
      title="无权访问"
      subTitle="当前账号的角色不能使用这个页面。如需开通，请联系安全管理员。"
      extra={
        <LinkButton to="/" type="primary">
          返回工作台
        </LinkButton>
      }
    />
  );
}
