import type { Me } from '../../domain/users.js';
import type { Permission } from '../../domain/roles.js';
import { t } from './i18n';

export interface AdminPage {
  path: string;
  label: string;
  description: string;
  /** Shown to whoever holds any one of these. */
  anyOf: readonly Permission[];
}

/** The 系统管理 pages, in menu order; the menu, the home page and the route guards all read this list. */
export const ADMIN_PAGES: readonly AdminPage[] = [
  { path: '/admin/organisations', label: t('组织机构'), description: t('行政区划与单位、部门的树'), anyOf: ['org.manage'] },
  { path: '/admin/users', label: t('用户管理'), description: t('账号、停用、重置密码、解除锁定与角色授予'), anyOf: ['user.manage', 'role.grant'] },
  { path: '/admin/domains', label: t('领域字典'), description: t('事项可选的领域'), anyOf: ['dict.manage'] },
  { path: '/admin/announcements', label: t('通知公告'), description: t('起草、发布、撤回本单位的通知公告并查看阅读回执'), anyOf: ['announcement.publish'] },
  { path: '/admin/parameters', label: t('系统参数'), description: t('会话超时、登录锁定、预警灯默认阈值与上传限制'), anyOf: ['setting.manage'] },
  { path: '/admin/jobs', label: t('定时任务'), description: t('督办扫描、通知推送等后台任务的运行日志、暂停与手动执行'), anyOf: ['job.manage'] },
  { path: '/admin/online', label: t('在线用户'), description: t('已登录的会话与强制下线'), anyOf: ['session.manage'] },
  { path: '/admin/audit-log', label: t('审计日志'), description: t('每一次修改的记录'), anyOf: ['audit.read'] },
  { path: '/admin/login-log', label: t('登录日志'), description: t('登录成功与失败记录'), anyOf: ['audit.read'] },
  { path: '/admin/deliveries', label: t('推送记录'), description: t('通知邮件与群机器人推送及失败重试'), anyOf: ['org.manage'] },
];

export function allows(me: Me, anyOf: readonly Permission[]): boolean {
  return anyOf.some((p) => me.permissions.includes(p));
}

export function adminPagesFor(me: Me): AdminPage[] {
  return ADMIN_PAGES.filter((p) => allows(me, p.anyOf));
}
