// A closed-loop HTTP load generator run in its own process, so it does not share the server's event loop.
import http from 'node:http';

const [url, seconds, concurrency, token] = [process.argv[2], Number(process.argv[3] ?? 5), Number(process.argv[4] ?? 32), process.argv[5]];
// `fresh`: every answer computed, none sent again from the server's answer cache (what the work itself costs).
const fresh = process.argv[6] === 'fresh';
const headers: Record<string, string> = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(fresh ? { 'cache-control': 'no-cache' } : {}) };
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const target = new URL(url);
const latencies: number[] = [];
let errors = 0;
let bytes = 0;
const end = Date.now() + seconds * 1000;

function once(): Promise<void> {
  return new Promise((resolve) => {
    const t = process.hrtime.bigint();
    const req = http.request({ host: target.hostname, port: target.port, path: target.pathname + target.search, agent, headers }, (res) => {
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => {
        if (res.statusCode !== 200) errors++;
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
        resolve();
      });
    });
    req.on('error', () => {
      errors++;
      resolve();
    });
    req.end();
  });
}

async function worker() {
  while (Date.now() < end) await once();
}

const started = Date.now();
await Promise.all(Array.from({ length: concurrency }, worker));
const elapsed = (Date.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
process.stdout.write(
  JSON.stringify({
    requests: latencies.length,
    rps: latencies.length / elapsed,
    p50: pct(0.5),
    p95: pct(0.95),
    p99: pct(0.99),
    errors,
    bytesPerResponse: latencies.length ? bytes / latencies.length : 0,
  }),
);
agent.destroy();
