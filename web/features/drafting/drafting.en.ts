/** English for the drafting pages: Chinese phrase → English (see web/app/i18n.ts). */
const en: Record<string, string> = {
  请为选中的每条候选事项填写名称并选择类别和领域: 'Give every selected candidate a title, a category and a domain',
  '已加入清单 {n} 项': 'Added {n} items to the list',
  事项名称: 'Item name',
  类别: 'Category',
  选择类别: 'Choose a category',
  领域: 'Domain',
  选择领域: 'Choose a domain',
  文中项数: 'Count in text',
  '等{n}项': '{n} in all',
  返回修改文本: 'Back to the text',
  取消: 'Cancel',
  '加入清单（{n}项）': 'Add to list ({n})',
  识别候选事项: 'Find candidate items',
  从文本起草清单: 'Draft the list from text',
  '粘贴会议纪要、通知或新闻稿（繁体、带拼音注音或夹有广告的转载也可），系统找出其中的项目和工作事项，并按上下文推测类别和领域。':
    'Paste minutes, a notice or a news article (a reprint in traditional characters, with pinyin glosses or spam lines, works too). The projects and tasks in it are found, with a category and domain guessed from the words around them.',
  在此粘贴文本: 'Paste the text here',
  '识别出 {n} 条候选事项': '{n} candidate items found',
  '文中称共{n}项': 'The text says {n} in all',
  '{category}：{text}': '{category}: {text}',
  '已略去 {lines} 行广告、{glosses} 处拼音注音': 'Left out {lines} spam lines and {glosses} pinyin glosses',
  繁体已转为简体: 'Traditional characters converted to simplified',
  '没有找到候选事项：文本中没有带引号的项目名称、编号条目或以动词开头的工作事项':
    'No candidates: the text has no quoted project names, numbered entries or tasks that begin with a verb',
};

export default en;
