import type { Category, ItemStatus } from './items.js';
import type { ConsultationStatus } from './consultations.js';
import type { Role } from './roles.js';
import type { OrgKind } from './organisations.js';
import type { AuditAction, AuditEntityType } from './audit.js';
import type { ComparedField, Side } from './negotiation.js';
import type { ChangeField, ChangeRequestKind, ChangeRequestStatus } from './change-requests.js';
import type { NeedStatus, NeedUrgency, TriageDecision } from './needs.js';
import type { OutcomeKind, ProjectStatus, ProjectType } from './projects.js';
import type { CompletionStatus, NoticeStatus } from './notices.js';
import type { DeliveryChannel, DeliveryStatus, ReminderKind } from './notifications.js';
import type { EventType } from './events.js';
import type { Light } from './supervision.js';
import type { ReportCycle, ReportSlotState } from './periods.js';
import type { ReportStatus } from './reports.js';
import type { TaskKind } from './tasks.js';
import type { HistoryKind, ItemWriteVia } from './item-history.js';
import type { AnnouncementKind, AnnouncementStatus } from './announcements.js';
import type { SearchKind } from './search.js';

export const PROJECT_TYPE_LABEL: Record<ProjectType, string> = {
  rd: '技术研发',
  demonstration: '示范推广',
  platform: '平台建设',
  transfer: '成果转化',
  talent: '人才服务',
  other: '其他',
};

export const PROJECT_STATUS_LABEL: Record<ProjectStatus, string> = {
  proposed: '拟立项',
  approved: '已立项',
  in_progress: '实施中',
  completed: '已验收',
  terminated: '已终止',
};

export const OUTCOME_KIND_LABEL: Record<OutcomeKind, string> = {
  patents: '专利（件）',
  new_products: '新产品（个）',
  new_techniques: '新技术新工艺（项）',
  standards: '标准（项）',
  revenue_wan: '新增产值（万元）',
  jobs: '带动就业（人）',
};

/** The one table of Chinese labels for every enumeration the UI shows. */
export const CATEGORY_LABEL: Record<Category, string> = {
  direct_support: '市局直接支持',
  joint_promotion: '局县共同推动',
  joint_pursuit: '局县共同争取',
};

/** How the office ledger names each section. */
export const CATEGORY_SECTION_LABEL: Record<Category, string> = {
  direct_support: '市局直接支持事项',
  joint_promotion: '局县共同推动事项',
  joint_pursuit: '局县共同争取事项',
};

export const ITEM_STATUS_LABEL: Record<ItemStatus, string> = {
  not_started: '未启动',
  in_progress: '推进中',
  completed: '已完成',
  delayed: '滞后',
  cancelled: '已取消',
};

export const CONSULTATION_STATUS_LABEL: Record<ConsultationStatus, string> = {
  draft: '筹备中',
  negotiating: '协商中',
  adopted: '已议定',
  implementing: '落实中',
  closed: '已结束',
};

export const ROLE_LABEL: Record<Role, string> = {
  host_coordinator: '市局联络员',
  partner_coordinator: '县联络员',
  unit_reporter: '承办人',
  leader: '领导',
  viewer: '查阅人',
  sys_admin: '系统管理员',
  sec_admin: '安全管理员',
  audit_admin: '审计管理员',
};

export const ORG_KIND_LABEL: Record<OrgKind, string> = {
  province: '省',
  city: '市（州）',
  county: '县（市、区）',
  government: '人民政府',
  department: '部门',
  other: '其他',
};

/** The 对象 of an audit row: the log's column and its filter both read this one table. */
export const AUDIT_ENTITY_TYPE_LABEL: Record<AuditEntityType, string> = {
  item: '事项',
  consultation: '会商',
  organisation: '组织',
  user: '用户',
  dict_item: '字典项',
  api_token: '访问令牌',
  need: '需求',
  meeting: '会商会议',
  change_request: '调整申请',
  report: '进展报告',
  milestone: '节点计划',
  supervision_notice: '督办单',
  completion_request: '办结申请',
  reminder: '催办',
  item_comment: '事项讨论',
  attachment: '附件',
  ledger_import: '台账导入',
  project: '项目',
  programme: '行动',
  notification: '通知',
  indicator_sheet: '指标填报',
  session: '在线会话',
  job: '定时任务',
  parameter: '系统参数',
  indicator: '指标',
  announcement: '通知公告',
  saved_filter: '常用筛选',
};

export const SIDE_LABEL: Record<Side, string> = { host: '发起方（市局）', partner: '会商方（县）' };

export const AUDIT_ACTION_LABEL: Record<AuditAction, string> = {
  'auth.login': '登录',
  'auth.logout': '退出',
  'auth.token_create': '创建访问令牌',
  'auth.token_revoke': '吊销访问令牌',
  'org.create': '新增组织',
  'org.update': '修改组织',
  'org.delete': '删除组织',
  'user.create': '新增用户',
  'user.update': '修改用户',
  'user.roles': '授予角色',
  'user.password_reset': '重置密码',
  'user.unlock': '解除锁定',
  'user.password_change': '修改密码',
  'user.two_factor_enable': '启用两步验证',
  'user.two_factor_disable': '关闭两步验证',
  'user.two_factor_reset': '重置两步验证',
  'user.recovery_codes': '重新生成恢复码',
  'dict.create': '新增字典项',
  'dict.update': '修改字典项',
  'consultation.create': '新建会商',
  'consultation.update': '修改会商',
  'item.create': '新增事项',
  'item.update': '修改事项',
  'item.delete': '删除事项',
  'item.agreement': '确认事项',
  'item.link': '调整上级事项',
  'version.create': '保存清单版本',
  'consultation.adoption_confirm': '确认议定',
  'consultation.adopt': '清单议定',
  'comment.create': '发表事项意见',
  'attachment.create': '上传附件',
  'attachment.delete': '删除附件',
  'project.create': '新建项目',
  'project.update': '修改项目',
  'programme.create': '新建行动',
  'programme.assign': '事项归入行动',
  'need.create': '提交需求',
  'need.triage': '处理需求',
  'need.convert': '需求转为事项',
  'change_request.create': '提出调整申请',
  'change_request.decide': '审批调整申请',
  'change_request.withdraw': '撤回调整申请',
  'meeting.create': '登记会商会议',
  'meeting.update': '修改会商会议',
  'meeting.delete': '删除会商会议',
  'ledger.upload': '上传台账（预览）',
  'ledger.import': '导入台账',
  'notice.create': '起草督办单',
  'notice.update': '修改督办单',
  'notice.sign': '签发督办单',
  'notice.send_back': '退回督办单',
  'notice.respond': '反馈督办单',
  'completion.request': '申请办结',
  'completion.approve': '办结销号',
  'completion.return': '退回办结申请',
  'milestone.create': '新增里程碑',
  'milestone.update': '修改里程碑',
  'milestone.delete': '删除里程碑',
  'report.submit': '报送进展报告',
  'report.revise': '修改后重新报送进展报告',
  'report.review': '审核进展报告',
  'report.contribute': '配合单位补充进展',
  'consultation.supervision_settings': '修改督办设置',
  'consultation.publish': '公开会商',
  'consultation.unpublish': '取消公开会商',
  'reminder.create': '催办',
  'notification.read': '标记通知已读',
  'org.webhooks_update': '修改群机器人设置',
  'org.webhook_test': '发送群机器人测试消息',
  'user.email_update': '修改本人电子邮箱',
  'indicator.sheet_save': '保存指标填报',
  'indicator.sheet_submit': '提交指标填报',
  'indicator.sheet_review': '审核指标填报',
  'indicator.sheet_import': '导入指标工作簿',
  'indicator.catalogue_update': '修改指标目录或目标',
  'indicator.settings_update': '修改指标权重与阈值',
  'session.terminate': '强制下线',
  'job.run': '手动执行任务',
  'job.pause': '暂停任务',
  'job.resume': '恢复任务',
  'parameter.update': '修改系统参数',
  'announcement.create': '起草通知公告',
  'announcement.update': '修改通知公告',
  'announcement.delete': '删除通知公告草稿',
  'announcement.publish': '发布通知公告',
  'announcement.withdraw': '撤回通知公告',
  'saved_filter.share': '共享常用筛选',
  'saved_filter.unshare': '取消共享常用筛选',
  'assessment.weights_update': '修改考评权重',
};

const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 1 → 一, 12 → 十二, 21 → 二十一; enough for section numbers. */
export function chineseNumber(n: number): string {
  if (n <= 10) return CN_DIGITS[n];
  if (n < 20) return `十${CN_DIGITS[n - 10]}`;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${CN_DIGITS[tens]}十${ones ? CN_DIGITS[ones] : ''}`;
}

/** The ledger section heading: 一、市局直接支持事项（10项） */
export function sectionHeading(index: number, category: Category, count: number): string {
  return `${chineseNumber(index + 1)}、${CATEGORY_SECTION_LABEL[category]}（${count}项）`;
}

/** 万元 as offices write it: 50 → "50万元", 0.05 → "0.05万元". */
export function formatWan(v: number | null): string {
  if (v === null) return '—';
  return `${Number(v.toFixed(4))}万元`;
}

/** 2025-06-30 → 2025年6月30日 */
export function formatDateCn(iso: string | null): string {
  if (!iso) return '';
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** Short names for the two sides, as the tags in a ledger row show them. */
export const SIDE_SHORT_LABEL: Record<Side, string> = { host: '市局', partner: '县' };

/** How the adoption panel names each side's confirmation. */
export const SIDE_CONFIRM_LABEL: Record<Side, string> = { host: '市局确认', partner: '县方确认' };

export const VERSION_KIND_LABEL: Record<'manual' | 'adopted', string> = { manual: '手动保存', adopted: '议定版本' };

export const COMPARED_FIELD_LABEL: Record<ComparedField, string> = {
  title: '事项名称',
  content: '主要内容及目标',
  category: '类别',
  domain: '领域',
  leadUnit: '牵头单位',
  coUnits: '配合单位',
  responsible: '责任人',
  deadline: '完成时限',
  ongoing: '长期推进',
  fundingWan: '资金（万元）',
};

export const NEED_STATUS_LABEL: Record<NeedStatus, string> = {
  submitted: '待处理',
  accepted: '已采纳',
  merged: '已合并',
  declined: '不予采纳',
  converted: '已转为事项',
};

export const NEED_URGENCY_LABEL: Record<NeedUrgency, string> = {
  normal: '一般',
  urgent: '紧急',
  critical: '特急',
};

export const TRIAGE_DECISION_LABEL: Record<TriageDecision, string> = {
  accept: '采纳',
  merge: '合并',
  decline: '不予采纳',
};

export const CHANGE_REQUEST_KIND_LABEL: Record<ChangeRequestKind, string> = {
  modify: '修改议定内容',
  extend: '延期申请',
  add: '新增事项',
  cancel: '取消事项',
};

export const CHANGE_REQUEST_STATUS_LABEL: Record<ChangeRequestStatus, string> = {
  pending: '待审批',
  approved: '已同意',
  rejected: '未同意',
  withdrawn: '已撤回',
};

/** Field names of a change request and of an item's history, in Chinese. */
export const CHANGE_FIELD_LABEL: Record<ChangeField, string> = { ...COMPARED_FIELD_LABEL, status: '状态' };

export const HISTORY_FIELD_LABEL: Record<string, string> = {
  ...CHANGE_FIELD_LABEL,
  progress: '进度',
  sortOrder: '序号',
  'host.agreed': '市局确认',
  'host.note': '市局意见',
  'partner.agreed': '县方确认',
  'partner.note': '县方意见',
  reason: '申请理由',
  note: '审批意见',
  kind: '申请类型',
};

/** Each kind of entry in an item's 历史记录; domain/item-history.ts builds the entry's one line from it. */
export const HISTORY_KIND_LABEL: Record<HistoryKind, string> = {
  item_created: '新增事项',
  item_updated: '修改事项',
  item_deleted: '删除事项',
  programme_assigned: '事项归入行动',
  agreement_marked: '确认事项',
  change_request_filed: '提出调整申请',
  change_request_approved: '同意调整申请',
  change_request_rejected: '不同意调整申请',
  change_request_withdrawn: '撤回调整申请',
  report_submitted: '提交进展报告',
  report_resubmitted: '修改后重新提交进展报告',
  report_accepted: '审核通过进展报告',
  report_returned: '退回进展报告',
  report_contributed: '配合单位补充进展',
  reminder_sent: '发送催报提醒',
  notice_drafted: '起草督办单',
  notice_revised: '修改督办单',
  notice_sent_back: '退回督办单',
  notice_signed: '签发督办单',
  notice_answered: '反馈督办单',
  completion_requested: '申请办结',
  completion_approved: '办结销号',
  completion_returned: '退回办结申请',
  other: '其他操作',
};

/** Why an item's fields changed when no one edited them directly. */
export const ITEM_WRITE_VIA_LABEL: Record<ItemWriteVia, string> = {
  change_request: '依据调整申请',
  report: '依据审核通过的进展报告',
  completion: '依据办结销号',
  ledger_import: '导入台账',
  need: '由需求转入',
};

/** The two sides as a history line names them: 会商方确认. */
export const SIDE_PARTY_LABEL: Record<Side, string> = { host: '发起方', partner: '会商方' };

export const NOTICE_STATUS_LABEL: Record<NoticeStatus, string> = {
  awaiting_signature: '待签发',
  sent_back: '已退回',
  signed: '已签发',
  answered: '已反馈',
};

export const COMPLETION_STATUS_LABEL: Record<CompletionStatus, string> = {
  pending: '待审核',
  approved: '已销号',
  returned: '已退回',
};

export const LIGHT_LABEL: Record<Light, string> = { green: '绿灯', yellow: '黄灯', red: '红灯', none: '不亮灯' };

export const REPORT_CYCLE_LABEL: Record<ReportCycle, string> = { monthly: '按月', quarterly: '按季度', half_yearly: '按半年' };

export const REPORT_SLOT_STATE_LABEL: Record<ReportSlotState, string> = {
  upcoming: '未到期',
  due: '待报送',
  submitted: '待审核',
  accepted: '已通过',
  returned: '已退回',
  late: '逾期报送',
  missing: '逾期未报',
};

export const REPORT_STATUS_LABEL: Record<ReportStatus, string> = { submitted: '待审核', returned: '已退回', accepted: '已通过' };

export const REMINDER_KIND_LABEL: Record<ReminderKind, string> = {
  report_due: '进展报告即将到期',
  report_overdue: '进展报告逾期未报',
  deadline_due: '完成时限临近',
  deadline_overdue: '已超过完成时限',
  manual: '人工催办',
};

export const DELIVERY_CHANNEL_LABEL: Record<DeliveryChannel, string> = { email: '电子邮件', wecom: '企业微信群机器人', dingtalk: '钉钉群机器人' };

export const DELIVERY_STATUS_LABEL: Record<DeliveryStatus, string> = { pending: '待发送', sending: '发送中', sent: '已发送', failed: '发送失败' };

/** What a notification about each event is called in the inbox, e-mail and group messages. */
export const EVENT_TYPE_LABEL: Record<EventType, string> = {
  'item.light_changed': '事项亮灯变化',
  'milestone.changed': '里程碑变更',
  'report.submitted': '进展报告待审核',
  'report.returned': '进展报告被退回',
  'report.accepted': '进展报告已通过',
  'contribution.added': '配合单位补充了进展',
  'reminder.sent': '催办',
  'notice.drafted': '督办单待签发',
  'notice.signed': '督办单已签发',
  'notice.sent_back': '督办单被退回',
  'notice.answered': '督办单已反馈',
  'completion.requested': '办结申请待审核',
  'completion.approved': '事项已办结销号',
  'completion.returned': '办结申请被退回',
  'change_request.created': '新的调整申请',
  'change_request.decided': '调整申请已审批',
  'need.submitted': '新的需求',
  'consultation.adopted': '会商清单已议定',
};

/** The kinds of the home page's 我的待办 card. */
export const TASK_KIND_LABEL: Record<TaskKind, string> = {
  report_review: '进展报告待审核',
  completion_review: '办结申请待审核',
  notice_sent_back: '督办单被退回待修改',
  notice_sign: '督办单待签发',
  need_triage: '需求待处理',
  change_request_decide: '调整申请待审批',
  report_due: '进展报告待报送',
  report_missing: '进展报告逾期未报',
  report_revise: '退回的进展报告待修改',
  notice_answer: '督办单待反馈',
};

export const ANNOUNCEMENT_KIND_LABEL: Record<AnnouncementKind, string> = { notice: '通知', bulletin: '公告' };
export const ANNOUNCEMENT_STATUS_LABEL: Record<AnnouncementStatus, string> = { draft: '草稿', published: '已发布', withdrawn: '已撤回' };
export const SEARCH_KIND_LABEL: Record<SearchKind, string> = {
  item: '事项',
  need: '需求',
  comment: '评论',
  report: '进展报告',
  meeting: '会议纪要',
  notice: '督办单',
  announcement: '通知公告',
  project: '项目',
};
