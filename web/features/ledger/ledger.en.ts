/** English for the ledger import and export: Chinese phrase → English. */
const en: Record<string, string> = {
  导出台账: 'Export ledger',
  导入台账: 'Import ledger',
  '无法连接服务器，请检查网络后重试': 'Cannot reach the server. Check your network and try again.',
  '上传失败（{status}）': 'Upload failed ({status})',

  // Fields of a changed row
  状态: 'Status',
  领域: 'Domain',
  责任人: 'Responsible person',
  进展情况: 'Progress',
  牵头单位: 'Lead unit',
  配合单位: 'Cooperating units',

  上传失败: 'Upload failed',
  重新预览失败: 'Could not refresh the preview',
  导入失败: 'Import failed',

  // Preview table
  行: 'Row',
  跳过: 'Skip',
  导入方式: 'Action',
  新增: 'Add',
  '、': ', ',
  '更新 {n} 项': 'Update {n} fields',
  无变化: 'No change',
  类别: 'Category',
  须指定类别: 'Category required',
  事项名称: 'Item name',
  完成时限: 'Deadline',
  长期: 'Ongoing',
  '资金（万元）': 'Funding (10k yuan)',
  问题: 'Problems',
  '{cell}：{message}': '{cell}: {message}',
  '{column} 列（{text}）': 'Column {column} ({text})',
  '{column} 列': 'Column {column}',

  // Result
  台账已导入: 'Ledger imported',
  '新增 {added} 项，更新 {updated} 项，未变 {unchanged} 项': '{added} added, {updated} updated, {unchanged} unchanged',
  '，新建单位 {n} 个': ', {n} new units created',
  完成: 'Done',

  // Upload
  '点击或拖入 Excel 台账（.xlsx）': 'Click or drop an Excel ledger (.xlsx)',
  '可识别常见的台账格式：分组标题或类别列、合并单元格、各种时限和金额写法；导入前会先预览，确认后才写入。':
    'Common ledger layouts are recognised: group headings or a category column, merged cells, and the usual ways of writing deadlines and amounts. You see a preview first; nothing is written until you confirm.',
  '正在上传…': 'Uploading…',
  '正在解析台账…': 'Reading the ledger…',

  // Preview
  '文件：{name}；工作表：': 'File: {name}; worksheet: ',
  '表头在第 {n} 行': 'Header on row {n}',
  '新增 {n}': 'Add {n}',
  '更新 {n}': 'Update {n}',
  '无变化 {n}': 'No change {n}',
  '跳过 {n}': 'Skip {n}',
  '正在重新预览…': 'Refreshing the preview…',
  '列对应（识别有误时可调整）': 'Column mapping (adjust if recognised wrongly)',
  无此列: 'No such column',
  '以下行不是事项，不导入': 'These rows are not items and will not be imported',
  '第 {row} 行：{reason}': 'Row {row}: {reason}',
  '；{cell}：{message}': '; {cell}: {message}',
  以下单元格未能识别: 'These cells could not be recognised',
  本组事项的类别: 'Category of this group',
  '以下单位在系统中找不到，请对应到已有组织或新建': 'These units are not in the system: match each to an existing organisation or create it',
  '（第 {rows} 行；同名组织有多个）': ' (rows {rows}; several organisations share this name)',
  '（第 {rows} 行）': ' (rows {rows})',
  对应到: 'Match to',
  新建于: 'Create under',
  选择已有组织: 'Choose an existing organisation',
  选择上级组织: 'Choose the parent organisation',
  '还有 {n} 处须处理（红色行：指定类别、补全领域或跳过；未知单位：对应或新建）':
    '{n} issues left to resolve (red rows: set the category, fill in the domain or skip; unknown units: match or create)',
  '确认后一次性写入；任何一行失败都不会写入。': 'Everything is written at once on confirmation; if any row fails, nothing is written.',
  重新选择文件: 'Choose another file',
  确认导入: 'Confirm import',
};
export default en;
