/**
 * Sends queued e-mails and group-robot messages. Each delivery is claimed by one conditional UPDATE
 * (free and due, or its lease expired), sent outside any transaction, then marked sent — or put back
 * with an exponentially growing delay, and given up after the configured number of attempts.
 */
import { createHmac } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import type { Config } from '../../config.js';
import type { Deps } from '../../platform/deps.js';
import type { Db } from '../../platform/db.js';
import { leaseUntil } from '../../platform/jobs.js';
import { SealedFieldError, openField, openNullable } from '../../platform/field-crypto.js';

const SEND_TIMEOUT_MS = 15_000;
const CLAIM_BATCH = 50;

export interface Transport {
  sendMail(msg: { to: string; subject: string; text: string; messageId: string }): Promise<void>;
  /** Posts JSON; throws when the robot did not accept it. */
  postJson(url: string, body: unknown): Promise<void>;
}

/** A failure that no retry will cure (the robot was removed, the host is not allowed). */
class PermanentFailure extends Error {}

export function defaultTransport(config: Config): Transport {
  let mailer: Transporter | null = null;
  return {
    async sendMail(msg) {
      if (!config.SMTP_URL) throw new PermanentFailure('未配置邮件服务器（SMTP_URL）');
      // nodemailer is imported by the first mail sent: a server without mail never holds it.
      mailer ??= (await import('nodemailer')).createTransport({ url: config.SMTP_URL, connectionTimeout: SEND_TIMEOUT_MS, socketTimeout: SEND_TIMEOUT_MS });
      await mailer.sendMail({ from: config.MAIL_FROM, to: msg.to, subject: msg.subject, text: msg.text, messageId: msg.messageId });
    },
    async postJson(url, body) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
        redirect: 'error',
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      // Both robots answer 200 with {"errcode":0,…}; any other errcode is a refusal.
      let parsed: { errcode?: unknown; errmsg?: unknown } | null;
      try {
        parsed = JSON.parse(text) as { errcode?: unknown; errmsg?: unknown };
      } catch {
        parsed = null;
      }
      if (parsed && parsed.errcode !== undefined && parsed.errcode !== 0) throw new Error(`errcode ${String(parsed.errcode)}: ${String(parsed.errmsg ?? '')}`);
    },
  };
}

export function allowedWebhookHost(config: Config, url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return config.WEBHOOK_HOSTS.split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean)
    .includes(host);
}

/** 企业微信群机器人 markdown message. */
export function wecomPayload(subject: string, body: string) {
  const quoted = body
    ? `\n${body
        .split('\n')
        .map((l) => `> ${l}`)
        .join('\n')}`
    : '';
  return { msgtype: 'markdown', markdown: { content: `**${subject}**${quoted}` } };
}

/** 钉钉群机器人 markdown message. */
export function dingtalkPayload(subject: string, body: string) {
  const text = [`#### ${subject}`, ...body.split('\n').filter(Boolean)].join('\n\n');
  return { msgtype: 'markdown', markdown: { title: subject, text } };
}

/** DingTalk's 加签: HMAC-SHA256 of "timestamp\nsecret", base64, as query parameters. */
export function dingtalkSignedUrl(url: string, secret: string | null, nowMs: number): string {
  if (!secret) return url;
  const sign = createHmac('sha256', secret).update(`${nowMs}\n${secret}`).digest('base64');
  const u = new URL(url);
  u.searchParams.set('timestamp', String(nowMs));
  u.searchParams.set('sign', sign);
  return u.toString();
}

/** Sends one message to an organisation's robot of the given kind, reading its settings now. */
export async function sendToRobot(deps: Pick<Deps, 'db' | 'clock' | 'config'>, transport: Transport, kind: 'wecom' | 'dingtalk', orgId: number, subject: string, body: string) {
  const w = await deps.db.selectFrom('org_webhooks').selectAll().where('org_id', '=', orgId).executeTakeFirst();
  const url = openNullable(kind === 'wecom' ? w?.wecom_url : w?.dingtalk_url);
  if (!w || !url) throw new PermanentFailure('该组织未配置此群机器人');
  if (!allowedWebhookHost(deps.config, url)) throw new PermanentFailure('群机器人地址的主机不在允许范围内（WEBHOOK_HOSTS）');
  if (kind === 'wecom') await transport.postJson(url, wecomPayload(subject, body));
  else await transport.postJson(dingtalkSignedUrl(url, openNullable(w.dingtalk_secret), deps.clock.now().getTime()), dingtalkPayload(subject, body));
}

async function claim(db: Db, id: number, owner: string, now: string, until: string): Promise<boolean> {
  const res = await db
    .updateTable('deliveries')
    .set((eb) => ({ status: 'sending', lease_owner: owner, lease_until: until, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where((eb) => eb.or([eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]), eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', now)])]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** The deliveries job: everything due, each claimed before it is sent. Returns how many were sent. */
export async function deliverDue(deps: Deps, owner: string, transport: Transport): Promise<number> {
  const { db, clock, config } = deps;
  let sent = 0;
  const seen = new Set<number>();
  for (;;) {
    const now = clock.now().toISOString();
    const due = await db
      .selectFrom('deliveries')
      .select('id')
      .where((eb) => eb.or([eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]), eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', now)])]))
      .where('id', 'not in', seen.size ? [...seen] : [0])
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(CLAIM_BATCH)
      .execute();
    if (!due.length) return sent;
    for (const { id } of due) {
      seen.add(id);
      if (!(await claim(db, id, owner, now, leaseUntil(clock)))) continue;
      const d = await db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      try {
        if (d.channel === 'email') {
          await transport.sendMail({ to: openField(d.target), subject: d.subject, text: d.body, messageId: `<hs-delivery-${d.id}@huishang.local>` });
        } else {
          await sendToRobot(deps, transport, d.channel as 'wecom' | 'dingtalk', Number(d.target), d.subject, d.body);
        }
        await db
          .updateTable('deliveries')
          .set({ status: 'sent', sent_at: clock.now().toISOString(), lease_owner: null, lease_until: null, last_error: null })
          .where('id', '=', id)
          .where('lease_owner', '=', owner)
          .execute();
        sent++;
      } catch (err) {
        // A sealed address or URL that fails its check will fail the same way next time.
        const giveUp = err instanceof PermanentFailure || err instanceof SealedFieldError || d.attempts >= config.DELIVERY_MAX_ATTEMPTS;
        const delayMs = config.DELIVERY_RETRY_SECONDS * 1000 * 2 ** (d.attempts - 1);
        await db
          .updateTable('deliveries')
          .set({
            status: giveUp ? 'failed' : 'pending',
            next_attempt_at: new Date(clock.now().getTime() + delayMs).toISOString(),
            lease_owner: null,
            lease_until: null,
            last_error: String((err as Error).message ?? err).slice(0, 500),
          })
          .where('id', '=', id)
          .where('lease_owner', '=', owner)
          .execute();
      }
    }
  }
}
