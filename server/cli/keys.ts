import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import type { Db } from '../platform/db.js';
import { currentFieldKeyId, fieldKeyId } from '../platform/field-crypto.js';
import { openFieldKeys, rotateFieldKeys, sealedCensus } from '../platform/sealed-fields.js';
import type { CliIo } from './io.js';

export const KEYS_HELP = `  keys new --out 文件                      生成新的字段加密密钥文件（0600，已存在则不覆盖），打印其密钥 ID
  keys status                             各加密字段（电话、邮箱、群机器人地址和密钥）按密钥 ID 的数量
  keys rotate                             密钥轮换：把不在当前密钥（FIELD_KEY / FIELD_KEY_FILE）下的字段全部
                                          重新加密；旧密钥在轮换期间放在 FIELD_KEY_PREVIOUS，完成后即可删去`;

/** `keys new` needs no database: a key is made before any configuration names it. */
export function newKeyFile(args: string[], io: CliIo): number {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
  if (!values.out) {
    io.stderr('缺少 --out 文件\n');
    return 2;
  }
  const at = path.resolve(values.out);
  const key = randomBytes(32);
  try {
    fs.mkdirSync(path.dirname(at), { recursive: true });
    // wx: an existing key file may be the only copy of a key fields are sealed under.
    fs.writeFileSync(at, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    io.stderr(`未写入 ${at}：${(err as { code?: string }).code === 'EEXIST' ? '文件已存在' : (err as Error).message}\n`);
    return 1;
  }
  io.stdout(`已生成字段加密密钥 ${fieldKeyId(key)}：${at}\n`);
  return 0;
}

function censusLines(census: Awaited<ReturnType<typeof sealedCensus>>, current: string): string[] {
  const label = (id: string) => (id === 'plain' ? '未加密' : id === current ? `${id}（当前）` : id);
  return census.columns.map((c) => {
    const parts = Object.entries(c.byKey).map(([id, n]) => `${label(id)} ${n}`);
    return `  ${c.name.padEnd(28)} ${parts.length ? parts.join('，') : '无'}`;
  });
}

/** `keys status` and `keys rotate`, on a migrated database, after the configured keys were checked against it. */
export async function runKeysCommand(sub: string | undefined, db: Db, config: Config, io: CliIo): Promise<number> {
  const out = (s: string) => io.stdout(`${s}\n`);
  await openFieldKeys(db, config);
  const current = currentFieldKeyId();
  if (sub === 'status') {
    out(`当前密钥 ${current}；各加密字段按密钥：`);
    for (const line of censusLines(await sealedCensus(db), current)) out(line);
    return 0;
  }
  if (sub === 'rotate') {
    const r = await rotateFieldKeys(db);
    out(`已在当前密钥 ${r.current} 下重新加密 ${r.resealed} 个字段。`);
    for (const line of censusLines(await sealedCensus(db), current)) out(line);
    if (r.left) {
      out(`仍有 ${r.left} 个字段不在当前密钥下（轮换期间被改动？请再运行一次）。`);
      return 1;
    }
    out('轮换完成：没有字段留在旧密钥下，可以从 FIELD_KEY_PREVIOUS 中删去旧密钥。');
    return 0;
  }
  io.stderr(`${KEYS_HELP}\n`);
  return 2;
}
