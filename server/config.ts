import { z } from 'zod';
import { parsePostgresUrl, wantsFailover } from './platform/pg-url.js';
import { defaultPoolMax } from './platform/pg-pool-size.js';

/** Every setting the server reads, validated once at boot; nothing else reads process.env. */
const zEnv = z.object({
  DATABASE_URL: z
    .string()
    .default('sqlite:./data/huishang.db')
    .refine((u) => u.startsWith('sqlite:') || /^postgres(ql)?:\/\//.test(u), 'DATABASE_URL 须为 sqlite:路径 或 postgres://…')
    .superRefine((u, ctx) => {
      // A multi-host URL is split by the app, not by node-postgres: report its mistakes at boot.
      if (!wantsFailover(u)) return;
      try {
        parsePostgresUrl(u);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `DATABASE_URL 多主机地址无效：${(err as Error).message}` });
      }
    }),
  /**
   * Connections to PostgreSQL one server process holds at most (SQLite ignores it); a request beyond
   * them waits for a free one. PostgreSQL's max_connections must cover every instance's pool.
   */
  PG_POOL_MAX: z.coerce.number().int().min(1).max(1000).default(defaultPoolMax()),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** "auto": seed the demo when the database is empty; "off": never. */
  HUISHANG_DEMO: z.enum(['auto', 'off']).default('auto'),
  /** Demo mode only: fixes the app's today (YYYY-MM-DD). */
  HUISHANG_TODAY: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  HUISHANG_DEMO_PASSWORD: z.string().min(10).default('Huishang@2026'),
  /** argon2id cost of new password hashes; the defaults are the OWASP baseline. Only test runs lower them. */
  PASSWORD_HASH_MEMORY_KIB: z.coerce
    .number()
    .int()
    .min(8)
    .max(4 * 1024 * 1024)
    .default(19_456),
  PASSWORD_HASH_PASSES: z.coerce.number().int().min(1).max(100).default(2),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 7)
    .default(12),
  /** Set when served behind TLS so the session cookie carries Secure. */
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /**
   * Whose X-Forwarded-For to believe: `false` (nobody: the app faces clients), the proxy's addresses
   * or networks (`127.0.0.1`, `10.0.0.0/8,10.1.2.3`), or `true` (every hop, only behind a proxy that
   * overwrites the header). The client address feeds the login log and the per-address rate limit.
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .refine(
      (v) => v === 'true' || v === 'false' || v.split(',').every((a) => /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(a.trim())),
      'TRUST_PROXY 须为 true、false 或以逗号分隔的代理地址（可带 /掩码）',
    )
    .transform((v) => (v === 'true' ? true : v === 'false' ? false : v.split(',').map((a) => a.trim()))),
  /** Requests per minute per signed-in user, and per client address before sign-in; 0: off. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  /**
   * Requests per minute per client address, signed in or not: the ceiling for a whole office behind
   * one address. Unset: ten times RATE_LIMIT_PER_MINUTE (so 0 there still turns all limits off); 0: off.
   */
  RATE_LIMIT_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().min(0).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEB_DIST: z.string().default('web/dist'),
  /** Where uploaded attachments live, each under a random name. */
  FILES_DIR: z.string().min(1).default('./data/files'),
  /** The audit chain's HMAC-SM3 key, hex (≥ 32 bytes); unset: read from AUDIT_KEY_FILE, created on first boot. Never in the database. */
  AUDIT_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64,}$/, 'AUDIT_KEY 须为至少 64 位十六进制（32 字节）')
    .optional(),
  AUDIT_KEY_FILE: z.string().min(1).default('./data/audit.key'),
  /** The key that seals personal contact fields, robot secrets and two-factor secrets with SM4 (and keys the digests of recovery codes), hex (≥ 32 bytes); unset: FIELD_KEY_FILE, created on first boot. Never in the database. */
  FIELD_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64,}$/, 'FIELD_KEY 须为至少 64 位十六进制（32 字节）')
    .optional(),
  FIELD_KEY_FILE: z.string().min(1).default('./data/field.key'),
  /**
   * During a key rotation: the keys fields were sealed under before FIELD_KEY, still accepted for
   * reading until `huishang keys rotate` has re-sealed everything. Comma-separated, each hex or a key file.
   */
  FIELD_KEY_PREVIOUS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  /** Audit rows are kept at least this long (等保 2.0: 180 days); older ones are purged daily. */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(180, '审计日志至少保留 180 天').max(36_500).default(365),
  ATTACHMENT_MAX_MB: z.coerce.number().positive().max(1024).default(20),
  /** Ledger imports: file size, rows per sheet, and the unpacked size a workbook may claim (zip-bomb guard). */
  LEDGER_MAX_MB: z.coerce.number().positive().max(1024).default(20),
  LEDGER_MAX_ROWS: z.coerce.number().int().min(10).max(1_000_000).default(10_000),
  LEDGER_MAX_UNCOMPRESSED_MB: z.coerce.number().positive().max(4096).default(200),
  /**
   * How long a kept answer may be sent again at most (answer-cache.ts): the bound for SQL typed straight
   * into the database, the only change the server does not hear of. 0 keeps nothing.
   */
  ANSWER_CACHE_SECONDS: z.coerce.number().min(0).max(3600).default(10),
  /** Background jobs (event dispatch, deliveries, the daily sweep) in this process. */
  JOBS: z.enum(['on', 'off']).default('on'),
  JOB_POLL_MS: z.coerce.number().int().min(100).max(3_600_000).default(5000),
  /** Outgoing mail, e.g. smtp://user:pass@mail.example.gov.cn:25; unset: no e-mail is sent. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'SMTP_URL 须为 smtp://… 或 smtps://…')
    .optional(),
  MAIL_FROM: z.string().min(3).default('会商平台 <noreply@localhost>'),
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** First retry after this many seconds, doubling each time. */
  DELIVERY_RETRY_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** Hosts group-robot URLs may point at (comma-separated); keeps webhooks from reaching internal services. */
  WEBHOOK_HOSTS: z.string().default('qyapi.weixin.qq.com,oapi.dingtalk.com'),
});

export type Config = z.infer<typeof zEnv>;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = zEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`配置无效 / invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export function dialectOf(url: string): 'sqlite' | 'postgres' {
  return url.startsWith('sqlite:') ? 'sqlite' : 'postgres';
}
