import { Result } from 'antd';
import { LinkButton } from './LinkButton';
import { t } from '../app/i18n';

export function NotFound({ what = t('页面') }: { what?: string }) {
  return (
    <Result
      status="404"
      title={t('{what}不存在', { what })}
      subTitle={t('您要找的{what}不存在、已被删除，或不在您的查看范围内。', { what })}
      extra={
        <LinkButton to="/" type="primary">
          {t('返回工作台')}
        </LinkButton>
      }
    />
  );
}
