import { seedIndicatorCatalogue } from '../db/seeds/indicators.seed.js';
import { insertUser } from '../modules/users/users.repo.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ADMIN_ROLES, ROLES, adminRoleConflict, type Role } from '../../domain/roles.js';
import { passwordProblems } from '../../domain/users.js';
import { rememberPassword } from '../modules/auth/password-policy.js';
import { clearTwoFactor } from '../modules/auth/two-factor.service.js';
import { passwordPolicy } from '../platform/parameters.js';
import { loadConfig } from '../config.js';
import { hashPassword, passwordHashCost } from '../platform/crypto.js';
import { loadAuditKey, verifyAuditChain } from '../platform/audit-chain.js';
import { migrateDown, migrateToLatest, openDatabase } from '../platform/db.js';
import { cstDate } from '../platform/clock.js';
import { seedDemo, seedDomains } from '../db/seeds/demo.seed.js';
import { seedOrganisations } from '../db/seeds/organisations.seed.js';
import { LEDGER_HELP, runLedgerCommand } from './ledger.js';
import { INDICATORS_HELP, runIndicatorsCommand } from './indicators.js';
import { DRAFT_HELP, runDraftCommand } from './draft.js';
import { backup, BackupError, restore } from './backup.js';
import { processIo, type CliIo } from './io.js';
import { KEYS_HELP, newKeyFile, runKeysCommand } from './keys.js';

const HELP = `用法 / usage: huishang <命令> [选项]

  migrate [--down]                        迁移数据库到最新（--down 回退一步）
  seed-demo                               向空数据库写入演示数据
  init --password P                       正式部署：写入组织机构（广元市行政区划及单位）、领域字典，
                                          并创建 sysadmin / secadmin / auditadmin 三员账号（首次登录须改密）
  user create --username U --name 姓名 --org 组织ID --password P [--role R]
                                          新建账号（首个系统管理员可用此命令创建）
  user roles --username U [--role R …]    设置账号的角色（在账号所属组织；不带 --role 即收回全部）
  user reset-password --username U --password P
  user unlock --username U
  user reset-2fa --username U             关闭账号的两步验证并作废其恢复码（丢失验证器时；管理员下次登录须重新绑定）
                                          三员分立：管理员账号只能用以上命令维护，网页上任何管理员
                                          都不能修改其他管理员的账号；命令设置的密码须在首次登录时修改
${LEDGER_HELP}
${INDICATORS_HELP}
${DRAFT_HELP}
${KEYS_HELP}
  audit verify                            逐条校验审计日志的 HMAC-SM3 链，报告第一处断裂（断裂时退出码 1）
  backup <目录>                            完整备份：数据库（运行中也一致）和附件目录（FILES_DIR）写入新的空目录
  restore <目录>                           把备份恢复到空数据库和空附件目录（之后自动迁移到本版本）

环境变量 DATABASE_URL 指定数据库（默认 sqlite:./data/huishang.db）。`;

function checkedRoles(given: string[] | undefined): Role[] {
  const roles = (given ?? []) as Role[];
  const bad = roles.find((r) => !(ROLES as readonly string[]).includes(r));
  if (bad) fail(`未知角色 ${bad}；可用：${ROLES.join(', ')}`);
  if (adminRoleConflict(roles)) fail(`三员分立：${ADMIN_ROLES.join('/')} 不能兼任，也不能兼任业务角色`);
  return roles;
}

/** Ends the command with a message on standard error and an exit code. */
class CliExit extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}
function fail(s: string, code = 2): never {
  throw new CliExit(s, code);
}

/**
 * Runs one `huishang` command (`argv` without node and the script) and resolves to its exit code;
 * writes only through `io` and reads the configuration from `io.env`, so tests run it in-process.
 */
export async function run(argv: string[], io: CliIo = processIo()): Promise<number> {
  try {
    await command(argv, io);
    return 0;
  } catch (err) {
    if (err instanceof CliExit) {
      if (err.message) io.stderr(`${err.message}\n`);
      return err.code;
    }
    io.stderr(`出错：${(err as Error).message}\n`);
    return 1;
  }
}

async function command(argv: string[], io: CliIo): Promise<void> {
  const out = (s: string) => io.stdout(`${s}\n`);
  const [cmd, sub, ...rest] = argv;
  if (!cmd || cmd === 'help' || cmd === '--help') return out(HELP);
  // Before any database is opened: a dry run of a ledger needs none.
  if (cmd === 'ledger') {
    const code = await runLedgerCommand(sub, rest, io);
    if (code !== 0) throw new CliExit('', code);
    return;
  }
  if (cmd === 'draft') {
    const code = await runDraftCommand(
      [sub, ...rest].filter((a) => a !== undefined),
      io,
    );
    if (code !== 0) throw new CliExit('', code);
    return;
  }
  if (cmd === 'indicators') {
    const code = await runIndicatorsCommand(sub, rest, io);
    if (code !== 0) throw new CliExit('', code);
    return;
  }
  if (cmd === 'keys' && sub === 'new') {
    const code = newKeyFile(rest, io);
    if (code !== 0) throw new CliExit('', code);
    return;
  }
  const config = loadConfig(io.env);
  const hashCost = passwordHashCost(config);
  const handle = openDatabase(config.DATABASE_URL);
  const { db, close } = handle;
  try {
    if (cmd === 'audit') {
      if (sub !== 'verify') fail(HELP);
      const s = await verifyAuditChain(db, loadAuditKey(config));
      out(
        s.ok
          ? `审计链完整：${s.rows} 条记录逐条校验通过${s.purged ? `（另有 ${s.purged} 条超过保留期已清理，从清理点起校验）` : ''}`
          : `审计链断裂：第一处在记录 #${s.firstBroken!.id ?? '—'}（${s.firstBroken!.reason}）；此前 ${s.verifiedRows} 条校验通过${s.verifiedThroughId === null ? '' : `（至记录 #${s.verifiedThroughId}）`}`,
      );
      if (!s.ok) throw new CliExit('', 1);
      return;
    }
    if (cmd === 'backup' || cmd === 'restore') {
      if (!sub) fail(`缺少目录：huishang ${cmd} <目录>`);
      try {
        if (cmd === 'backup') {
          const m = await backup(handle, config, sub);
          const rows = Object.values(m.tables).reduce((a, b) => a + b, 0);
          return out(`备份完成：${Object.keys(m.tables).length} 张表 ${rows} 行，附件 ${m.files.count} 个（${(m.files.bytes / 1024 / 1024).toFixed(1)} MB），写入 ${sub}`);
        }
        const m = await restore(handle, config, sub);
        return out(`已恢复 ${m.createdAt} 的备份：${Object.keys(m.tables).length} 张表，附件 ${m.files.count} 个`);
      } catch (err) {
        if (err instanceof BackupError) fail(err.message);
        throw err;
      }
    }
    if (cmd === 'migrate') {
      if (sub === '--down') out(`已回退：${(await migrateDown(db)) ?? '无'}`);
      else out(`已迁移：${(await migrateToLatest(db)).join(', ') || '已是最新'}`);
      return;
    }
    await migrateToLatest(db);
    if (cmd === 'keys') {
      const code = await runKeysCommand(sub, db, config, io);
      if (code !== 0) throw new CliExit('', code);
      return;
    }
    if (cmd === 'seed-demo') {
      if (await db.selectFrom('organisations').select('id').limit(1).executeTakeFirst()) fail('数据库不为空，未写入演示数据');
      const now = new Date();
      await seedDemo(db, { password: config.HUISHANG_DEMO_PASSWORD, now: now.toISOString(), today: config.HUISHANG_TODAY ?? cstDate(now), hashCost });
      return out('演示数据已写入');
    }
    if (cmd === 'init') {
      const { values } = parseArgs({ args: [sub, ...rest].filter(Boolean), options: { password: { type: 'string' } } });
      const problem = passwordProblems(values.password ?? '');
      if (problem) fail(problem);
      if (await db.selectFrom('organisations').select('id').limit(1).executeTakeFirst()) fail('数据库不为空，未初始化');
      const now = new Date().toISOString();
      await db.transaction().execute(async (tx) => {
        const orgs = await seedOrganisations(tx, now);
        await seedDomains(tx, now);
        await seedIndicatorCatalogue(tx, now);
        const hash = await hashPassword(values.password!, hashCost);
        for (const [username, name, role] of [
          ['sysadmin', '系统管理员', 'sys_admin'],
          ['secadmin', '安全管理员', 'sec_admin'],
          ['auditadmin', '审计管理员', 'audit_admin'],
        ] as const) {
          await insertUser(tx, { username, displayName: name, orgId: orgs.guangyuan, passwordHash: hash, roles: [role], mustChangePassword: true, now });
        }
      });
      return out('已初始化：组织机构、领域字典和三员账号（sysadmin / secadmin / auditadmin）；已有数据的数据库不会再写入演示数据。');
    }
    if (cmd === 'user') {
      const { values } = parseArgs({
        args: rest,
        options: {
          username: { type: 'string' },
          name: { type: 'string' },
          org: { type: 'string' },
          password: { type: 'string' },
          role: { type: 'string', multiple: true },
        },
      });
      if (!values.username) fail('缺少 --username');
      const now = new Date().toISOString();
      const policy = await passwordPolicy({ db, config });
      if (sub === 'create') {
        const roles = checkedRoles(values.role);
        const problem = passwordProblems(values.password ?? '', policy, values.username);
        if (problem) fail(problem);
        const orgId = Number(values.org);
        const org = await db.selectFrom('organisations').select('id').where('id', '=', orgId).executeTakeFirst();
        if (!org) fail(`组织 ${values.org} 不存在`);
        const hash = await hashPassword(values.password!, hashCost);
        const id = await insertUser(db, {
          username: values.username,
          displayName: values.name ?? values.username,
          orgId,
          passwordHash: hash,
          roles,
          mustChangePassword: true,
          now,
        });
        return out(`已创建用户 ${values.username}（ID ${id}）`);
      }
      const user = await db.selectFrom('users').select(['id', 'password_hash', 'totp_secret']).where('username', '=', values.username).executeTakeFirst();
      if (!user) fail(`用户 ${values.username} 不存在`);
      if (sub === 'reset-password') {
        const problem = passwordProblems(values.password ?? '', policy, values.username);
        if (problem) fail(problem);
        const hash = await hashPassword(values.password!, hashCost);
        await db.transaction().execute(async (tx) => {
          await tx
            .updateTable('users')
            .set({ password_hash: hash, password_changed_at: now, must_change_password: 1, failed_count: 0, locked_until: null })
            .where('id', '=', user.id)
            .execute();
          await rememberPassword(tx, user.id, user.password_hash, now);
          await tx.updateTable('sessions').set({ ended_at: now, end_reason: 'password_reset' }).where('user_id', '=', user.id).where('ended_at', 'is', null).execute();
        });
        // The second factor stays: a reset password alone must not open an account that has one.
        return out('密码已重置，原有会话已结束；该账号下次登录须先修改密码');
      }
      if (sub === 'reset-2fa') {
        if (!user.totp_secret) fail(`用户 ${values.username} 未启用两步验证`);
        await db.transaction().execute(async (tx) => {
          await clearTwoFactor(tx, user.id, now);
          await tx.updateTable('sessions').set({ ended_at: now, end_reason: 'two_factor_reset' }).where('user_id', '=', user.id).where('ended_at', 'is', null).execute();
        });
        return out('两步验证已关闭，恢复码已作废，原有会话已结束；管理员账号下次登录须重新绑定验证器');
      }
      if (sub === 'roles') {
        const roles = checkedRoles(values.role);
        const { org_id: orgId } = await db.selectFrom('users').select('org_id').where('id', '=', user.id).executeTakeFirstOrThrow();
        await db.transaction().execute(async (tx) => {
          await tx.deleteFrom('user_roles').where('user_id', '=', user.id).execute();
          if (roles.length) {
            await tx
              .insertInto('user_roles')
              .values(roles.map((role) => ({ user_id: user.id, role, org_id: orgId })))
              .execute();
          }
          await tx
            .updateTable('users')
            .set((eb) => ({ version: eb('version', '+', 1), updated_at: now }))
            .where('id', '=', user.id)
            .execute();
        });
        return out(roles.length ? `已设置角色：${roles.join(', ')}` : '已收回全部角色');
      }
      if (sub === 'unlock') {
        await db.updateTable('users').set({ failed_count: 0, locked_until: null }).where('id', '=', user.id).execute();
        return out('已解除锁定');
      }
    }
    fail(HELP);
  } finally {
    await close();
  }
}

// Run directly (`node --import tsx server/cli/main.ts …`); bin/huishang.js imports `run` instead.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = await run(process.argv.slice(2));
