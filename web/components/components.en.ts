/** English for web/components: Chinese phrase → English (see web/app/i18n.ts). */
const en: Record<string, string> = {
  加载中: 'Loading',
  '加载中…': 'Loading…',
  无权访问: 'No access',
  '当前账号的角色不能使用这个页面。如需开通，请联系安全管理员。': "Your account's roles do not allow this page. To get access, contact the security administrator.",
  返回工作台: 'Back to Home',
  页面: 'page',
  '{what}不存在': 'Not found: {what}',
  '您要找的{what}不存在、已被删除，或不在您的查看范围内。': 'The {what} you are looking for does not exist, was deleted, or is outside what you may see.',
  '加载失败，请稍后重试': 'Loading failed. Please try again later.',
  数据加载失败: 'Could not load the data',
  重试: 'Retry',
  全部: 'All',
  '未读（{unreadCount}）': 'Unread ({unreadCount})',
};

export default en;
