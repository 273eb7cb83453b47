/** English for the comments pages: Chinese phrase → English (see web/app/i18n.ts). */
const en: Record<string, string> = {
  协商意见: 'Negotiation comments',
  暂无意见: 'No comments yet',
  回复: 'Reply',
  请填写意见: 'Write a comment',
  意见已发表: 'Comment posted',
  '回复 {name}：': 'Reply to {name}:',
  取消回复: 'Cancel reply',
  对本事项的意见或建议: 'Your comments or suggestions on this item',
  附件: 'Attachments',
  发表意见: 'Post comment',
};

export default en;
