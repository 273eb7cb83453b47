import { Page } from '../../components/Page';
import { SupervisionBoard } from './SupervisionBoard';
import { t } from '../../app/i18n';

/** 督办看板 across every live consultation in the caller's scope. */
export function BoardPage() {
  return (
    <Page title={t('督办看板')} subTitle={t('范围内落实中的会商：亮灯、逾期、报送与督办情况；点击数字查看对应事项')}>
      <SupervisionBoard consultationId={null} />
    </Page>
  );
}
