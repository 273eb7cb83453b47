import { Alert, Button, Skeleton } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { chinaDateTime } from '../../../domain/dates.js';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { useAuditChain } from './audit.api';
import { t } from '../../app/i18n';

/** Whether the audit log is still the one that was written: every row's HMAC-SM3 link, checked by the server. */
export function AuditChainCard() {
  const chain = useAuditChain();
  if (chain.isPending) return <Skeleton active paragraph={{ rows: 1 }} />;
  if (chain.isError) return <QueryErrorResult error={chain.error} onRetry={() => void chain.refetch()} />;
  const c = chain.data;
  const purged = c.purged ? t('；超过保留期已清理 {n} 条，从清理点起校验', { n: c.purged }) : '';
  const retry = (
    <Button size="small" icon={<SafetyCertificateOutlined />} loading={chain.isFetching} onClick={() => void chain.refetch()}>
      {t('重新校验')}
    </Button>
  );
  return (
    <Alert
      data-testid="audit-chain"
      showIcon
      type={c.ok ? 'success' : 'error'}
      style={{ marginBottom: 16 }}
      title={c.ok ? t('审计链完整：{n} 条记录逐条校验通过', { n: c.rows }) : t('审计链断裂：第一处在记录 #{id}', { id: c.firstBroken?.id ?? '—' })}
      description={
        c.ok
          ? t('每条记录以 HMAC-SM3 与前一条相连，密钥不在数据库中；保留 {days} 天{purged}。校验于 {at}。', { days: c.retentionDays, purged, at: chinaDateTime(c.checkedAt) })
          : c.verifiedThroughId === null
            ? t('{reason}。没有记录校验通过；断裂处及其后的记录不能再作为证据，请保全数据库并按应急预案处理。校验于 {at}。', {
                reason: c.firstBroken?.reason ?? '',
                at: chinaDateTime(c.checkedAt),
              })
            : t('{reason}。此前 {rows} 条记录校验通过（至记录 #{id}）；断裂处及其后的记录不能再作为证据，请保全数据库并按应急预案处理。校验于 {at}。', {
                reason: c.firstBroken?.reason ?? '',
                rows: c.verifiedRows,
                id: c.verifiedThroughId,
                at: chinaDateTime(c.checkedAt),
              })
      }
      action={retry}
    />
  );
}
