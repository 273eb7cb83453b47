import { buildApp } from './app.js';
import { createAppJobRunner } from './modules/notifications/notifications.jobs.js';
import { boot } from './boot.js';
import { boundHeapGrowth } from './platform/heap.js';
import { DEMO_USERS } from './db/seeds/users.seed.js';
import { ROLE_LABEL } from '../domain/labels.js';

async function main() {
  boundHeapGrowth();
  let booted;
  try {
    booted = await boot();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
  const { config, handle, clock, demo } = booted;
  const deps = { db: handle.db, clock, config };
  let app;
  try {
    app = await buildApp(deps);
  } catch (err) {
    // A key that does not fit the database: the reason, and no server answering with what it cannot read.
    process.stderr.write(`${(err as Error).message}\n`);
    await handle.close();
    process.exit(1);
  }
  const log = app.log;
  handle.failover?.onEvent((e) => (e.event === 'primary_found' ? log.info(e, 'database primary') : log.warn(e, 'database failover')));
  // Jobs start here, not in buildApp, so tests drive them one pass at a time.
  const jobs = config.JOBS === 'on' ? createAppJobRunner(deps, { log: app.log }) : null;
  const shutdown = async () => {
    await jobs?.stop();
    await app.close();
    await handle.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  await app.listen({ host: config.HOST, port: config.PORT });
  jobs?.start();
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.PORT;
  const lines = ['', `会商 Huishang 已启动：http://${config.HOST}:${port}/   (数据库 ${handle.dialect})`, `API 文档：http://${config.HOST}:${port}/api/docs`];
  if (demo) {
    lines.push('', `演示模式 — 演示账号（密码均为 ${config.HUISHANG_DEMO_PASSWORD}）：`);
    for (const u of DEMO_USERS) lines.push(`  ${u.username.padEnd(16)} ${u.roles.map((r) => ROLE_LABEL[r]).join('、')} · ${u.displayName}`);
    if (config.HUISHANG_TODAY) lines.push(`  今日日期固定为 ${clock.today()}（HUISHANG_TODAY）`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

void main();
