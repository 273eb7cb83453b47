import { Segmented } from 'antd';
import { t } from '../app/i18n';

/** 全部 / 未读（n）: the switch every inbox-like list (notifications, announcements, receipts) opens with. */
export function ReadFilter({ unread, unreadCount, onChange }: { unread: boolean; unreadCount: number; onChange: (unread: boolean) => void }) {
  return (
    <Segmented<'all' | 'unread'>
      value={unread ? 'unread' : 'all'}
      onChange={(v) => onChange(v === 'unread')}
      options={[
        { value: 'all', label: t('全部') },
        { value: 'unread', label: t('未读（{unreadCount}）', { unreadCount }) },
      ]}
    />
  );
}
