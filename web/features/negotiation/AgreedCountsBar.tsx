import { Flex, Tag, Typography } from 'antd';
import { CheckCircleOutlined } from '@ant-design/icons';
import type { ConsultationDetail } from '../../../domain/consultations.js';
import { CATEGORIES } from '../../../domain/items.js';
import { CATEGORY_LABEL } from '../../app/labels';
import { t } from '../../app/i18n';
import { isAdopted } from './negotiation-model';

function ratioColor(agreed: number, total: number): string {
  return total > 0 && agreed === total ? 'success' : 'default';
}

/** Above the ledger: how far agreement has come, per category; after adoption, that the list is agreed. */
export function AgreedCountsBar({ consultation }: { consultation: ConsultationDetail }) {
  if (isAdopted(consultation.status)) {
    return (
      <Flex style={{ marginBottom: 12 }} data-testid="agreed-counts">
        <Tag icon={<CheckCircleOutlined />} color="success">
          {t('清单已议定')}
        </Tag>
      </Flex>
    );
  }
  const { counts } = consultation;
  const { agreed } = counts;
  return (
    <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }} data-testid="agreed-counts">
      <Typography.Text strong>{t('已双方确认 {agreed}/{total}', { agreed: agreed.total, total: counts.total })}</Typography.Text>
      {CATEGORIES.map((c) => (
        <Tag key={c} color={ratioColor(agreed.byCategory[c], counts.byCategory[c])} data-testid={`agreed-${c}`}>
          {CATEGORY_LABEL[c]} {agreed.byCategory[c]}/{counts.byCategory[c]}
        </Tag>
      ))}
    </Flex>
  );
}
