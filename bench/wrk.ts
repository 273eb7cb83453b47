// Load from wrk (Debian's package), a separate process written in C, so the figures are the server's
// and not those of a load generator sharing its cores' time slices with JavaScript.
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export interface WrkTarget {
  /** `{}` in the path is replaced, per request, by a value drawn at random. */
  path: string;
  /** Draw from these values… */
  values?: readonly (string | number)[];
  /** …or a whole number from this range, both ends included. */
  range?: { first: number; last: number };
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

export interface WrkResult {
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /** Connection errors, timeouts and answers with a status of 400 or more. */
  errors: number;
  bytesPerResponse: number;
}

export function wrkAvailable(): boolean {
  try {
    execFileSync('wrk', ['-v'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    // wrk -v prints its version and exits 1; only a missing binary is ENOENT.
    return (err as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

const lua = (s: string) => JSON.stringify(s);

function script(t: WrkTarget, prefix: string): string {
  const headers = Object.entries(t.headers ?? {})
    .map(([k, v]) => `wrk.headers[${lua(k)}] = ${lua(v)}`)
    .join('\n');
  const draw = t.range
    ? `local function draw() return tostring(math.random(${t.range.first}, ${t.range.last})) end`
    : `local values = { ${(t.values ?? ['']).map((v) => lua(String(v))).join(', ')} }\nlocal function draw() return values[math.random(1, #values)] end`;
  return `
wrk.method = ${lua(t.method ?? 'GET')}
${t.body !== undefined ? `wrk.body = ${lua(t.body)}` : ''}
${headers}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end
function init(args)
  math.randomseed(seed * 7919 + os.time())
end
${draw}
local template = ${lua(prefix + t.path)}
function request()
  local p = template:gsub("{}", draw())
  return wrk.format(nil, p)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK-RESULT %d %d %d %.0f %.0f %.0f %d\\n", summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), e.connect + e.read + e.write + e.status + e.timeout))
end
`;
}

/** One wrk run against base + target.path; latencies in milliseconds. */
export async function wrk(base: string, target: WrkTarget, o: { seconds: number; connections: number; threads: number }): Promise<WrkResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huishang-wrk-'));
  const file = path.join(dir, 'load.lua');
  // wrk takes the host from the URL; the paths the script writes carry the base's own path.
  fs.writeFileSync(file, script(target, new URL(base).pathname.replace(/\/$/, '')));
  try {
    const { stdout } = await promisify(execFile)(
      'wrk',
      [`-t${o.threads}`, `-c${o.connections}`, `-d${o.seconds}s`, '--timeout', '10s', '-s', file, base + target.path.replace('{}', '0')],
      { encoding: 'utf8' },
    );
    const line = stdout.split('\n').find((l) => l.startsWith('WRK-RESULT '));
    if (!line) throw new Error(`wrk printed no result:\n${stdout}`);
    const [requests, durationUs, bytes, p50, p95, p99, errors] = line.split(' ').slice(1).map(Number) as number[];
    return {
      requests: requests!,
      rps: requests! / (durationUs! / 1e6),
      p50: p50! / 1000,
      p95: p95! / 1000,
      p99: p99! / 1000,
      errors: errors!,
      bytesPerResponse: requests ? bytes! / requests : 0,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
