import { Typography } from 'antd';
import { Link } from 'react-router';
import { NeedStatusTag } from './NeedTags';
import { useItemSourceNeed } from './needs.api';
import { t } from '../../app/i18n';

/** In the item drawer: the county's need this item grew out of, one click away. */
export function ItemSourceNeed({ consultationId, itemId }: { consultationId: number; itemId: number }) {
  const query = useItemSourceNeed(itemId);
  const need = query.data?.need;
  if (!need) return null;
  return (
    <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }} data-testid="item-source-need">
      <Typography.Text type="secondary">{t('来源需求：')}</Typography.Text>
      <Link to={`/consultations/${consultationId}/needs?need=${need.id}`}>{need.title}</Link>
      <Typography.Text type="secondary">{t('（{org}提交）', { org: need.submitter.orgName })}</Typography.Text> <NeedStatusTag status={need.status} />
    </Typography.Paragraph>
  );
}
