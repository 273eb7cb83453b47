/** English for the organisations pages: Chinese phrase → English (see web/app/i18n.ts). */
const en: Record<string, string> = {
  '行政区划代码与组织类型不符（省以 0000 结尾，市以 00 结尾；部门可不填）':
    'The division code does not fit the type (a province ends in 0000, a city in 00; optional for departments)',
  已保存: 'Saved',
  组织已新增: 'Organisation added',
  '编辑组织 · {name}': 'Edit organisation · {name}',
  新增组织: 'Add organisation',
  保存: 'Save',
  名称: 'Name',
  简称: 'Short name',
  '清单中显示的名称，如“县农业农村局”': 'The name the list shows, e.g. “County Agriculture Bureau”',
  类型: 'Type',
  上级组织: 'Parent organisation',
  留空则为顶级组织: 'Leave empty for a top-level organisation',
  选择上级组织: 'Choose the parent organisation',
  行政区划代码: 'Division code',
  '6 位数字；省以 0000 结尾，市以 00 结尾；部门和其他可不填': '6 digits; a province ends in 0000, a city in 00; optional for departments and others',
  排序: 'Order',
  选择单位: 'Choose a unit',
  '已删除“{name}”': 'Deleted “{name}”',
  操作: 'Actions',
  新增下级: 'Add child',
  编辑: 'Edit',
  '删除“{name}”？': 'Delete “{name}”?',
  '有下级组织、用户或被事项引用的组织不能删除。': 'An organisation with children, users or items referring to it cannot be deleted.',
  删除: 'Delete',
  取消: 'Cancel',
  组织机构: 'Organisations',
  '按 GB/T 2260 行政区划组织的单位与部门；事项的牵头单位、配合单位从这里选取':
    'Units and departments arranged by GB/T 2260 divisions; items take their lead and cooperating units from here',
  '按名称、简称或区划代码查找': 'Find by name, short name or division code',
};

export default en;
