import type { ReactNode } from 'react';
import { Drawer } from 'antd';

/** The menu as a drawer on a phone; loaded the first time it is opened (AppLayout). */
export function PhoneMenuDrawer({ open, onClose, children }: { open: boolean; onClose: () => void; children: ReactNode }) {
  return (
    <Drawer
      placement="left"
      open={open}
      onClose={onClose}
      closable={false}
      size={248}
      className="shell-menu-drawer"
      styles={{ body: { padding: 0, background: '#001529' } }}
      data-testid="menu-drawer"
    >
      {children}
    </Drawer>
  );
}
