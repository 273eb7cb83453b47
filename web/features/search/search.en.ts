/** English for the search box and the results page: Chinese phrase → English. */
const en: Record<string, string> = {
  搜索: 'Search',
  全文搜索: 'Search',
  '搜索事项、需求、报告、纪要…': 'Search items, needs, reports, minutes…',
  '输入关键词，繁体、简体均可': 'Keywords (simplified or traditional Chinese)',
  全部类型: 'All kinds',
  全部会商: 'All consultations',
  全部年度: 'All years',
  '{year}年': '{year}',
  输入关键词后按回车搜索: 'Type keywords and press Enter',
  没有找到相关内容: 'Nothing found',
  '{year}年 · 更新于 {date}': '{year} · updated {date}',
  '更新于 {date}': 'Updated {date}',
  加载更多: 'Load more',
  '以上为最近的 {n} 条匹配结果；更早的内容请按类型、会商或年份筛选，或增加关键词':
    'These are the newest {n} matches; to reach older ones, filter by kind, consultation or year, or add a word',
};
export default en;
