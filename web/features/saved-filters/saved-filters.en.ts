/** English for the saved filters menu: Chinese phrase → English. */
const en: Record<string, string> = {
  已保存筛选: 'Filter saved',
  '保存失败，请稍后重试': 'Saving failed; please try again later',
  已共享: 'Shared',
  '{owner}共享': 'Shared by {owner}',
  取消共享: 'Stop sharing',
  共享给本单位: 'Share with my organisation',
  '删除这个常用筛选？': 'Delete this saved filter?',
  保存当前筛选: 'Save current filters',
  常用筛选: 'Saved filters',
  请填写名称: 'Enter a name',
  共享给本单位的同事: 'Share with colleagues in my organisation',
};
export default en;
