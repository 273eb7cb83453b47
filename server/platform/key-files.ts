import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * A key given in hex by the configuration, else read from its file, which is created (0600) on the
 * first boot. Keys live outside the database so whoever can read or write it still lacks them.
 */
export function keyFromConfigOrFile(hex: string | undefined, file: string, label: string): Buffer {
  if (hex) return Buffer.from(hex, 'hex');
  const at = path.resolve(file);
  if (!fs.existsSync(at)) {
    fs.mkdirSync(path.dirname(at), { recursive: true });
    // wx: two instances booting at once must not each write a different key.
    try {
      fs.writeFileSync(at, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as { code?: string }).code !== 'EEXIST') throw err;
    }
  }
  const text = fs.readFileSync(at, 'utf8').trim();
  if (!/^[0-9a-f]{64,}$/i.test(text)) throw new Error(`${label}文件 ${at} 的内容不是至少 32 字节的十六进制密钥`);
  return Buffer.from(text, 'hex');
}
