/** English for the needs pages: Chinese phrase → English. */
const en: Record<string, string> = {
  // Source need of an item
  '来源需求：': 'From need: ',
  '（{org}提交）': ' (submitted by {org})',

  // Need drawer
  请检查填写的内容: 'Check what you entered',
  需求已处理: 'Need handled',
  '已转为清单事项：{title}': 'Turned into a list item: {title}',
  需求: 'Needs',
  需求描述: 'Description',
  领域: 'Domain',
  建议类别: 'Suggested category',
  提交人: 'Submitted by',
  '{name}（{org}）': '{name} ({org})',
  处理人: 'Handled by',
  处理意见: 'Comments',
  合并到: 'Merged into',
  清单事项: 'List items',
  附件: 'Attachments',
  暂无附件: 'No attachments yet',
  附件已上传: 'Attachment uploaded',
  上传附件: 'Upload attachment',
  处理: 'Handle',
  事项类别: 'Item category',
  转为清单事项: 'Turn into a list item',
  合并到另一条需求: 'Merge into another need',
  确定: 'OK',
  取消: 'Cancel',
  选择合并到的需求: 'Choose the need to merge into',
  '请说明不予采纳的理由（必填）': 'Give the reason for declining (required)',
  '说明（选填）': 'Comment (optional)',

  // Need form
  需求已提交: 'Need submitted',
  提交需求: 'Submit a need',
  提交: 'Submit',
  需求名称: 'Need',
  '如：建设猕猴桃产业科技示范基地': 'e.g. Build a science and technology demonstration base for the kiwifruit industry',
  '现状、存在的困难、希望市局给予的支持': 'The current situation, the difficulties, and the support you hope the bureau will give',
  选择领域: 'Choose a domain',
  紧急程度: 'Urgency',
  不确定可不选: 'Leave empty if unsure',

  // Needs tab
  提交单位: 'Submitted by',
  状态: 'Status',
  提交时间: 'Submitted on',
  '共 {n} 条需求，待处理 {pending} 条': '{n} needs, {pending} awaiting handling',
  暂无需求: 'No needs yet',
};
export default en;
