import { Page } from '../../components/Page';
import { SupervisionBoard } from './SupervisionBoard';

/** 督办看板 across every live consultation in the caller's scope. */
export function BoardPage() {
  return (
    <Page title="督办看板" subTitle="范围内落实中的会商：亮灯、逾期、报送与督办情况；点击数字查看对应事项">
      <SupervisionBoard consultationId={null} />
    </Page>
  );
}
