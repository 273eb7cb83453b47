import { z } from 'zod';

/**
 * 系统参数: the settings the server reads while running, typed and bounded, kept by the system
 * administrator. A parameter never set takes its default (for most, the server's own configuration).
 */
export const PARAMETER_KEYS = [
  'session.idleMinutes',
  'login.maxFailures',
  'login.lockMinutes',
  'password.minLength',
  'password.minClasses',
  'password.history',
  'password.expiryDays',
  'lights.redReportLateDays',
  'lights.yellowDeadlineDays',
  'lights.yellowLagPoints',
  'upload.attachmentMaxMb',
  'upload.ledgerMaxMb',
  'upload.ledgerMaxRows',
] as const;
export type ParameterKey = (typeof PARAMETER_KEYS)[number];

export interface ParameterSpec {
  group: string;
  label: string;
  help: string;
  unit: string;
  min: number;
  max: number;
}

export const PARAMETER_SPECS: Record<ParameterKey, ParameterSpec> = {
  'session.idleMinutes': { group: '登录与会话', label: '会话空闲超时', help: '无操作超过此时长自动退出登录（等保要求不超过 30 分钟）', unit: '分钟', min: 1, max: 1440 },
  'login.maxFailures': { group: '登录与会话', label: '连续登录失败锁定次数', help: '连续输错密码达到此次数后锁定账号', unit: '次', min: 1, max: 100 },
  'login.lockMinutes': { group: '登录与会话', label: '账号锁定时长', help: '锁定后经过此时长自动解锁（安全管理员也可手动解锁）', unit: '分钟', min: 1, max: 1440 },
  'password.minLength': { group: '密码策略', label: '密码最短长度', help: '新设置的密码至少此长度（等保三级至少 8 位，建议 12 位以上）', unit: '位', min: 8, max: 64 },
  'password.minClasses': { group: '密码策略', label: '密码字符类别数', help: '大写字母、小写字母、数字、符号四类中至少包含的类数', unit: '类', min: 1, max: 4 },
  'password.history': {
    group: '密码策略',
    label: '禁止重复使用最近密码个数',
    help: '新密码不得与最近此数量的密码相同（含当前密码；0 表示只禁止与当前密码相同）',
    unit: '个',
    min: 0,
    max: 24,
  },
  'password.expiryDays': {
    group: '密码策略',
    label: '密码有效期',
    help: '密码设置超过此天数后，下次登录须先修改（0 表示不过期；等保三级常用 90 天）',
    unit: '天',
    min: 0,
    max: 3650,
  },
  'lights.redReportLateDays': {
    group: '预警灯默认阈值',
    label: '红灯：进展报告逾期天数',
    help: '报告超过截止日此天数仍未提交即亮红灯；未单独设置阈值的会商使用',
    unit: '天',
    min: 0,
    max: 365,
  },
  'lights.yellowDeadlineDays': { group: '预警灯默认阈值', label: '黄灯：距完成时限天数', help: '距完成时限不足此天数且进度落后时亮黄灯', unit: '天', min: 0, max: 365 },
  'lights.yellowLagPoints': { group: '预警灯默认阈值', label: '黄灯：进度落后百分点', help: '进度比按时间均匀推进的预期落后至少此百分点', unit: '个百分点', min: 0, max: 100 },
  'upload.attachmentMaxMb': { group: '上传限制', label: '附件大小上限', help: '单个附件（佐证材料、照片、文件）的最大体积', unit: 'MB', min: 1, max: 1024 },
  'upload.ledgerMaxMb': { group: '上传限制', label: '台账与指标工作簿大小上限', help: '导入的 Excel 文件的最大体积', unit: 'MB', min: 1, max: 1024 },
  'upload.ledgerMaxRows': { group: '上传限制', label: '台账每表行数上限', help: '超过此行数的工作表在读取时即被拒绝', unit: '行', min: 10, max: 1_000_000 },
};

/**
 * The password policy of the 等保三级 (mlps3) profile, applied in one step from 系统参数: 12 characters
 * mixing three classes, none of the last five again, a forced change every 90 days.
 */
export const MLPS3_PASSWORD_PROFILE = {
  'password.minLength': 12,
  'password.minClasses': 3,
  'password.history': 5,
  'password.expiryDays': 90,
} as const satisfies Partial<Record<ParameterKey, number>>;

export const zParameter = z.object({
  key: z.enum(PARAMETER_KEYS),
  group: z.string(),
  label: z.string(),
  help: z.string(),
  unit: z.string(),
  min: z.number(),
  max: z.number(),
  value: z.number(),
  defaultValue: z.number(),
  /** false while the default is in force. */
  customised: z.boolean(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export type Parameter = z.infer<typeof zParameter>;

export const zParameterParams = z.strictObject({ key: z.enum(PARAMETER_KEYS) });
/** A whole number within the parameter's bounds (checked by the server against the spec); null restores the default. */
export const zParameterUpdate = z.strictObject({ value: z.number().int().nullable() });
