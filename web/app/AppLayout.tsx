import { lazy, Suspense, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { Button, Flex, Grid, Layout, Menu, Popover, Tag, type MenuProps } from 'antd';
import { Text } from '../components/Text';
import {
  BellOutlined,
  DashboardOutlined,
  DownOutlined,
  HomeOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  SettingOutlined,
  ProjectOutlined,
  TeamOutlined,
  UserOutlined,
  LineChartOutlined,
  BarChartOutlined,
} from '@ant-design/icons';
import { useLogout } from '../features/auth/auth.api';
import { hasPermission, useSession } from '../features/auth/session';
import { FullPageSpin } from '../components/FullPageSpin';
import { adminPagesFor } from './navigation';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { t } from './i18n';
import { LanguageSwitch } from './LanguageSwitch';
import { HeaderSearchBox } from '../features/search/HeaderSearchBox';

// Only phones open it, and only when asked: the drawer stays out of the first download.
const PhoneMenuDrawer = lazy(async () => {
  const [m] = await Promise.all([import('./PhoneMenuDrawer'), import('virtual:antd-rest.css')]);
  return { default: m.PhoneMenuDrawer };
});

type MenuItem = Required<MenuProps>['items'][number];

function selectedKey(pathname: string): string {
  if (pathname.startsWith('/consultations')) return '/consultations';
  if (pathname.startsWith('/projects')) return '/projects';
  if (pathname.startsWith('/indicators')) return '/indicators';
  if (pathname.startsWith('/admin/')) return pathname.split('/').slice(0, 3).join('/');
  return pathname === '/' ? '/' : pathname;
}

export function AppLayout() {
  const me = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const logout = useLogout();
  const [collapsed, setCollapsed] = useState(false);
  // Below 768 px (a phone) the menu is a drawer opened from the header, not a sidebar beside the page.
  const phone = Grid.useBreakpoint().md === false;
  const [menuOpen, setMenuOpen] = useState(false);
  const [menuWanted, setMenuWanted] = useState(false);

  const admin = adminPagesFor(me);
  const items: MenuItem[] = [{ key: '/', icon: <HomeOutlined />, label: t('工作台') }];
  if (hasPermission(me, 'consultation.read')) items.push({ key: '/consultations', icon: <TeamOutlined />, label: t('会商') });
  if (hasPermission(me, 'consultation.read')) items.push({ key: '/projects', icon: <ProjectOutlined />, label: t('项目') });
  if (hasPermission(me, 'consultation.read')) items.push({ key: '/board', icon: <DashboardOutlined />, label: t('督办看板') });
  if (hasPermission(me, 'consultation.read')) items.push({ key: '/dashboard', icon: <BarChartOutlined />, label: t('数据看板') });
  if (hasPermission(me, 'indicator.read')) items.push({ key: '/indicators', icon: <LineChartOutlined />, label: t('创新指标') });
  // Every signed-in user has notifications; the bell in the header shows only the newest.
  items.push({ key: '/notifications', icon: <BellOutlined />, label: t('通知') });
  if (admin.length) {
    items.push({
      key: 'admin',
      icon: <SettingOutlined />,
      label: t('系统管理'),
      children: admin.map((p) => ({ key: p.path, label: p.label })),
    });
  }

  const [userMenuOpen, setUserMenuOpen] = useState(false);
  // A popover with two actions, not antd's Dropdown: that one is a menu widget of its own, in the
  // first download for these two links.
  const userMenu = (
    <Flex vertical className="shell-user-menu" role="menu">
      <Button
        type="text"
        role="menuitem"
        icon={<UserOutlined />}
        onClick={() => {
          setUserMenuOpen(false);
          void navigate('/profile');
        }}
      >
        {t('个人设置')}
      </Button>
      <Button
        type="text"
        danger
        role="menuitem"
        icon={<LogoutOutlined />}
        onClick={() => {
          setUserMenuOpen(false);
          logout.mutate(undefined, { onSettled: () => void navigate('/login', { replace: true }) });
        }}
      >
        {t('退出登录')}
      </Button>
    </Flex>
  );

  const current = selectedKey(location.pathname);

  const menu = (
    <Menu
      theme="dark"
      mode="inline"
      items={items}
      selectedKeys={[current]}
      defaultOpenKeys={['admin']}
      onClick={({ key }) => {
        setMenuOpen(false);
        void navigate(key);
      }}
      data-testid="main-menu"
    />
  );
  const logo = (
    <Link to="/" className="shell-logo" onClick={() => setMenuOpen(false)}>
      {/* i18n-exempt: the brand mark reads the same in every language */}
      <span className="shell-logo-mark">会</span>
      {(phone || !collapsed) && <span className="shell-logo-text">{t('会商平台')}</span>}
    </Link>
  );

  return (
    <Layout className={phone ? 'shell shell-phone' : 'shell'}>
      {phone ? (
        menuWanted && (
          <Suspense fallback={null}>
            <PhoneMenuDrawer open={menuOpen} onClose={() => setMenuOpen(false)}>
              {logo}
              {menu}
            </PhoneMenuDrawer>
          </Suspense>
        )
      ) : (
        <Layout.Sider collapsible collapsed={collapsed} trigger={null} width={216} className="shell-sider">
          {logo}
          {menu}
        </Layout.Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header className="shell-header">
          <Flex align="center" gap={phone ? 4 : 12} style={{ minWidth: 0 }}>
            {phone ? (
              <Button
                type="text"
                icon={<MenuUnfoldOutlined />}
                onClick={() => {
                  setMenuWanted(true);
                  setMenuOpen(true);
                }}
                aria-label={t('打开菜单')}
                data-testid="menu-open"
              />
            ) : (
              <Button
                type="text"
                icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
                onClick={() => setCollapsed((c) => !c)}
                aria-label={collapsed ? t('展开菜单') : t('收起菜单')}
              />
            )}
            <Text strong ellipsis>
              {phone ? t('会商平台') : t('局县科技会商平台')}
            </Text>
            {me.demo && (
              <Tag color="orange" data-testid="demo-tag">
                {phone ? t('演示') : t('演示环境 · 数据为演示数据')}
              </Tag>
            )}
          </Flex>
          <Flex align="center" gap={phone ? 4 : 16} style={{ flex: 'none' }}>
            <HeaderSearchBox compact={phone} />
            <LanguageSwitch compact={phone} />
            <NotificationBell />
            <Popover content={userMenu} trigger="click" placement="bottomRight" open={userMenuOpen} onOpenChange={setUserMenuOpen} arrow={false}>
              <a className="shell-user" data-testid="user-menu" onClick={(e) => e.preventDefault()} aria-label={t('{name}（{org}）', { name: me.displayName, org: me.org.name })}>
                <UserOutlined />
                {!phone && <span>{me.displayName}</span>}
                {!phone && (
                  <Text secondary className="shell-user-org">
                    {me.org.name}
                  </Text>
                )}
                <DownOutlined style={{ fontSize: 10 }} />
              </a>
            </Popover>
          </Flex>
        </Layout.Header>
        <Layout.Content className="shell-content">
          <Suspense fallback={<FullPageSpin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
