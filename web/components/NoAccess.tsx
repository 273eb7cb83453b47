import { Result } from 'antd';
import { LinkButton } from './LinkButton';
import { t } from '../app/i18n';

export function NoAccess() {
  return (
    <Result
      status="403"
      title={t('无权访问')}
      subTitle={t('当前账号的角色不能使用这个页面。如需开通，请联系安全管理员。')}
      extra={
        <LinkButton to="/" type="primary">
          {t('返回工作台')}
        </LinkButton>
      }
    />
  );
}
