import { Empty, Timeline, Typography } from 'antd';
import { chinaDateTime } from '../../../domain/dates.js';
import { historySummary, type HistoryKind } from '../../../domain/item-history.js';
import { QueryErrorResult } from '../../components/QueryErrorResult';
import { changeFieldLabel, historyValueText } from './change-format';
import { useItemHistory } from './change-requests.api';
import { t } from '../../app/i18n';

/** Refusals stand out in red and completed steps in green, so a long story can be skimmed. */
const KIND_COLOR: Partial<Record<HistoryKind, string>> = {
  report_returned: 'red',
  notice_sent_back: 'red',
  change_request_rejected: 'red',
  completion_returned: 'red',
  notice_signed: 'red',
  report_accepted: 'green',
  change_request_approved: 'green',
  completion_approved: 'green',
  notice_answered: 'green',
  reminder_sent: 'gray',
};

/**
 * 历史记录: the item's whole story newest first — edits and agreement marks, change requests,
 * progress reports and their reviews, reminders, supervision notices and close-out requests.
 */
export function ItemHistory({ itemId }: { itemId: number }) {
  const history = useItemHistory(itemId);
  return (
    <section data-testid="item-history" style={{ marginTop: 24 }}>
      <Typography.Title level={5}>{t('历史记录')}</Typography.Title>
      {history.isError ? (
        <QueryErrorResult error={history.error} onRetry={() => void history.refetch()} />
      ) : history.data && !history.data.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('暂无历史记录')} />
      ) : (
        <Timeline
          items={(history.data ?? []).map((e) => ({
            key: e.key,
            color: KIND_COLOR[e.kind] ?? 'blue',
            content: (
              <div data-testid="history-entry" data-kind={e.kind}>
                <div>
                  <Typography.Text strong data-testid="history-summary" style={{ whiteSpace: 'pre-wrap' }}>
                    {historySummary(e)}
                  </Typography.Text>
                  <Typography.Text type="secondary">
                    {' '}
                    · <span data-testid="history-by">{e.by ?? t('系统')}</span> · <time dateTime={e.at}>{chinaDateTime(e.at)}</time>
                  </Typography.Text>
                </div>
                {e.kind !== 'item_created' &&
                  e.changes.map((c) => (
                    <div key={c.field} style={{ fontSize: 13 }}>
                      <Typography.Text type="secondary">{t('{field}：', { field: changeFieldLabel(c.field) })}</Typography.Text>
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
