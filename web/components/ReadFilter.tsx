import { Segmented } from 'antd';

/** 全部 / 未读（n）: the switch every inbox-like list (notifications, announcements, receipts) opens with. */
export function ReadFilter({ unread, unreadCount, onChange }: { unread: boolean; unreadCount: number; onChange: (unread: boolean) => void }) {
  return (
    <Segmented<'all' | 'unread'>
      value={unread ? 'unread' : 'all'}
      onChange={(v) => onChange(v === 'unread')}
      options={[
        { value: 'all', label: '全部' },
        { value: 'unread', label: `未读（${unreadCount}）` },
      ]}
    />
  );
}
