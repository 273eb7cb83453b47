import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dialect } from '../testing/support.js';
import { huishang } from './cli.testkit.js';

const NEWS = path.resolve(import.meta.dirname, '../../domain/fixtures/news-wangcang-2022.txt');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-cli-draft-'));
const cli = (args: string[]) => huishang(args, { DATABASE_URL: `sqlite:${path.join(tmp, 'must-not-exist.db')}` });
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe(`huishang draft (${dialect})`, () => {
  it('prints the candidates of a news article as JSON without a database', async () => {
    const r = await cli(['draft', NEWS, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.existsSync(path.join(tmp, 'must-not-exist.db'))).toBe(false);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['candidates', 'counts', 'stats']);
    expect(out.candidates.find((c: { title: string }) => c.title === '推动旺苍县争创省级创新型县')).toMatchObject({ category: 'joint_pursuit', statedCount: 10 });
    expect(out.counts.find((c: { total: boolean }) => c.total).value).toBe(30);
  });

  it('prints a readable list, and a clear error for a missing file', async () => {
    const r = await cli(['draft', NEWS]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('（文中称共 30 项）');
    expect(r.stdout).toContain('开展中低温地热资源综合利用研究\n   局县共同推动 · 社会发展，文中称等 10 项');
    const missing = await cli(['draft', path.join(tmp, 'nope.txt')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('无法读取');
    expect((await cli(['draft'])).code).toBe(2);
  });
});
