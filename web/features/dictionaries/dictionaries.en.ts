/** English for the dictionaries pages: Chinese phrase → English (see web/app/i18n.ts). */
const en: Record<string, string> = {
  '已启用“{label}”': 'Enabled “{label}”',
  '已停用“{label}”，新事项不能再选用': 'Disabled “{label}”: new items can no longer choose it',
  领域名称: 'Domain',
  存储值: 'Stored value',
  排序: 'Order',
  启用: 'Enabled',
  停用: 'Disabled',
  操作: 'Actions',
  修改: 'Edit',
  领域字典: 'Domains',
  '事项可选的领域。已用过的领域不能删除；不再使用的请停用，已有事项保持原值。':
    'The domains items can be filed under. A domain in use cannot be deleted; disable one you no longer use, and existing items keep their value.',
  新增领域: 'Add domain',
  已保存: 'Saved',
  领域已新增: 'Domain added',
  '修改领域 · {label}': 'Edit domain · {label}',
  保存: 'Save',
  '存储值写入事项，新增后不能修改': 'The stored value is written into items and cannot change after it is added',
  '写入事项的值，如“乡村振兴”': 'The value written into items, e.g. “Rural revitalisation”',
  显示名称: 'Display name',
  留空则与存储值相同: 'Leave empty to use the stored value',
  数字小的排在前面: 'Smaller numbers come first',
};

export default en;
