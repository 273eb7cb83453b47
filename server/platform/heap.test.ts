import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dialect } from '../testing/support.js';

// A process that keeps some 30 MiB live and promotes garbage into the old generation, as a server
// does whose requests outlive young collections; it reports the largest heap it held.
const PROGRAM = `
if (process.argv.at(-1) === 'bound') (await import(${JSON.stringify(pathToFileURL(path.join(import.meta.dirname, 'heap.ts')).href)})).boundHeapGrowth();
const live = Array.from({ length: 300_000 }, (_, i) => ({ i, s: 'kept ' + i }));
const recent = [];
let peak = 0;
for (let round = 0; round < 1200; round++) {
  recent.push(Array.from({ length: 2000 }, (_, i) => ({ a: i, b: [i, round], c: 'row ' + i })));
  if (recent.length > 40) recent.shift();
  peak = Math.max(peak, process.memoryUsage().heapTotal);
}
process.stdout.write(JSON.stringify({ peak, kept: live.length }));
`;

function peakHeap(mode: 'bound' | 'free'): number {
  // The server's own young-generation flag (scripts/server-bundle.mjs), so the old generation is what differs.
  const out = execFileSync(process.execPath, ['--max-semi-space-size=8', '--import', 'tsx', '--input-type=module', '-e', PROGRAM, mode], { encoding: 'utf8' });
  return (JSON.parse(out) as { peak: number }).peak;
}

describe(`the server's heap growth (${dialect})`, () => {
  // Two Node processes that load TypeScript: seconds each on a loaded machine.
  it('collects the old generation well before V8 would by itself', { timeout: 90_000 }, () => {
    const free = peakHeap('free');
    const bound = peakHeap('bound');
    expect(bound).toBeLessThan(free * 0.7);
  });
});
