import { Tabs } from 'antd';
import { useSearchParams } from 'react-router';
import { Page } from '../../components/Page';
import { AssessmentTab } from './AssessmentTab';
import { SupervisionBoard } from './SupervisionBoard';
import { t } from '../../app/i18n';

/** 督办看板 across every live consultation in the caller's scope, and the units' 考评 beside it (?tab=assessment). */
export function BoardPage() {
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'assessment' ? 'assessment' : 'board';
  return (
    <Page title={t('督办看板')} subTitle={t('范围内落实中的会商：亮灯、逾期、报送与督办情况；点击数字查看对应事项')}>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'assessment' ? { tab: key } : {}, { replace: true })}
        destroyOnHidden
        items={[
          { key: 'board', label: t('看板'), children: <SupervisionBoard consultationId={null} /> },
          { key: 'assessment', label: t('单位考评'), children: <AssessmentTab /> },
        ]}
      />
    </Page>
  );
}
