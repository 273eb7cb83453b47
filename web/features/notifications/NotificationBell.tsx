import { Button } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { CountBadge } from '../../components/CountBadge';
import { useUnreadCount } from './notifications.api';
import { t } from '../../app/i18n';

/** The header bell: unread count, a click away from the inbox. */
export function NotificationBell() {
  const navigate = useNavigate();
  const count = useUnreadCount().data ?? 0;
  return (
    <Button type="text" aria-label={t('通知（{count} 条未读）', { count })} onClick={() => void navigate('/notifications')} data-testid="notification-bell">
      <span className="hs-count-anchor">
        <BellOutlined style={{ fontSize: 18 }} />
        <CountBadge count={count} />
      </span>
      {/* The badge hides a zero; this plain count is for screen readers and browser tests. */}
      <span data-testid="unread-count" style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' }}>
        {count}
      </span>
    </Button>
  );
}
