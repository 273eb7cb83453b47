import { Empty, Timeline, Typography } from 'antd';
import type { AuditAction } from '../../../domain/audit.js';
import { AUDIT_ACTION_LABEL, CHANGE_REQUEST_KIND_LABEL } from '../../../domain/labels.js';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { changeFieldLabel, historyValueText } from './change-format';
import { useItemHistory } from './change-requests.api';
import { chinaDateTime } from '../../../domain/dates.js';

/** 历史记录: creation, edits, agreement marks and change requests, newest first. */
export function ItemHistory({ itemId }: { itemId: number }) {
  const history = useItemHistory(itemId);
  return (
    <section data-testid="item-history" style={{ marginTop: 24 }}>
      <Typography.Title level={5}>历史记录</Typography.Title>
      {history.isError ? (
        <QueryErrorResult error={history.error} onRetry={() => void history.refetch()} />
      ) : history.data && !history.data.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无历史记录" />
      ) : (
        <Timeline
          items={(history.data ?? []).map((e) => ({
            key: e.id,
            content: (
              <div data-testid="history-entry">
                <div>
                  <Typography.Text strong>{AUDIT_ACTION_LABEL[e.action as AuditAction] ?? '其他操作'}</Typography.Text>
                  {e.changeRequest && <Typography.Text>（{CHANGE_REQUEST_KIND_LABEL[e.changeRequest.kind]}）</Typography.Text>}
                  <Typography.Text type="secondary">
                    {' '}
                    · {e.by ?? '系统'} · {chinaDateTime(e.at)}
                  </Typography.Text>
                </div>
                {e.action !== 'item.create' &&
                  e.changes.map((c) => (
                    <div key={c.field} style={{ fontSize: 13 }}>
                      <Typography.Text type="secondary">{changeFieldLabel(c.field)}：</Typography.Text>
                      {c.from !== null && c.from !== undefined && (
                        <>
                          <Typography.Text delete type="secondary">
                            {historyValueText(e, c.field, c.from)}
                          </Typography.Text>{' '}
                          →{' '}
                        </>
                      )}
                      <span style={{ whiteSpace: 'pre-wrap' }}>{historyValueText(e, c.field, c.to)}</span>
                    </div>
                  ))}
              </div>
            ),
          }))}
        />
      )}
    </section>
  );
}
