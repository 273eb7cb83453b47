/** English for the home pages: Chinese phrase → English (see web/app/i18n.ts). */
const en: Record<string, string> = {
  工作台: 'Home',
  系统管理: 'Administration',
  '当前账号还没有可用的功能，请联系安全管理员授予角色。': 'This account has nothing it can use yet. Ask the security administrator to grant a role.',
  数据看板: 'Dashboard',
  '分类与亮灯、领域、牵头单位、办结趋势和县区地图，点击即看事项': 'Categories and lights, domains, lead units, close-out trend and county map; click any figure to see its items',
  县区创新指标: 'County innovation indicators',
  '各县（区）指标对比、排名与创新型县达标评估': "Counties' indicators compared and ranked, with the innovative-county assessment",
  我参与的会商: 'My consultations',
  全部会商: 'All consultations',
  暂无会商: 'No consultations yet',
  查看清单: 'View list',
  '{year}年 · {host} · {parties}': '{year} · {host} · {parties}',
  事项: 'Items',
  我的待办: 'My tasks',
  暂无待办事项: 'Nothing to do',
  '（显示前 {n} 条）': '(first {n} shown)',
  '（未命名）': '(untitled)',
};

export default en;
