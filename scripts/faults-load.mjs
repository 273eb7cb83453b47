// The load generator of `npm run faults`, run as its own process so it never shares the server's event
// loop (or its fate when the server is killed). Each client signs in as a demo user through the real
// API, then reads lists, items, boards and comment threads and writes comments until the time is up.
// It writes one JSON result: every status seen, network failures, requests that got no answer in time,
// per-half-second buckets, and every write the server acknowledged (so the caller can look each one up).
import fs from 'node:fs';
import http from 'node:http';

const opts = JSON.parse(process.argv[2]);
const { base, seconds, clients, writeRatio, users, password, out, runId } = opts;
// A request the server neither answers nor refuses within this time counts as hung.
const timeoutMs = opts.timeoutMs ?? 15_000;
// One keep-alive connection per client, as a browser holds one: opened when the client signs in,
// before the clock starts, and kept for the whole run (reopened only after a failure). Opened all at
// once under full load instead, most of them wait in the listen queue: the saturated server accepts
// one new connection per event-loop turn (one accept4 per epoll_pwait under strace), each turn runs
// many requests' synchronous SQLite work, and a client that gives up and reconnects queues again.
const agents = [];
const newAgent = () => {
  const a = new http.Agent({ keepAlive: true, maxSockets: 1 });
  agents.push(a);
  return a;
};
const setupAgent = newAgent();
const target = new URL(base);

const statuses = {};
const network = {};
const buckets = new Map();
const acked = [];
const samples5xx = [];
// Latencies per kind of request (the path with its ids taken out), to tell which one is slow.
const latencies = new Map();
let hung = 0;
let requests = 0;

function bucket(t) {
  const k = Math.floor(t / 500) * 500;
  let b = buckets.get(k);
  if (!b) buckets.set(k, (b = { ok: 0, s4xx: 0, s503: 0, s5xx: 0, net: 0, hung: 0 }));
  return b;
}

/** One request; never rejects: failures come back as { status: 0, error }. */
function request(method, path, { cookie, csrf, body, agent = setupAgent } = {}) {
  return new Promise((resolve) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers = { accept: 'application/json' };
    if (cookie) headers.cookie = cookie;
    if (csrf) headers['x-csrf-token'] = csrf;
    if (payload) Object.assign(headers, { 'content-type': 'application/json', 'content-length': payload.length });
    const started = Date.now();
    let settled = false;
    const done = (r) => {
      if (settled) return;
      settled = true;
      requests++;
      const kind = `${method} ${path.replace(/\?.*$/, '').replace(/\/\d+/g, '/:id')}`;
      if (!latencies.has(kind)) latencies.set(kind, []);
      latencies.get(kind).push(Date.now() - started);
      const b = bucket(started);
      if (r.status === 0) {
        if (r.error === 'TIMEOUT') {
          hung++;
          b.hung++;
        } else {
          network[r.error] = (network[r.error] ?? 0) + 1;
          b.net++;
        }
      } else {
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        if (r.status < 400) b.ok++;
        else if (r.status < 500) b.s4xx++;
        else if (r.status === 503) b.s503++;
        else b.s5xx++;
        if (r.status >= 500 && r.status !== 503 && samples5xx.length < 10) samples5xx.push({ method, path, status: r.status, body: r.text.slice(0, 300) });
      }
      resolve(r);
    };
    const req = http.request({ host: target.hostname, port: target.port, path: target.pathname + path, method, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (err) => done({ status: 0, error: err.code ?? err.message }));
    });
    req.setTimeout(timeoutMs, () => {
      done({ status: 0, error: 'TIMEOUT' });
      req.destroy();
    });
    req.on('error', (err) => done({ status: 0, error: err.code ?? err.message }));
    req.end(payload);
  });
}

const json = (r) => {
  try {
    return JSON.parse(r.text);
  } catch {
    return null;
  }
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pick = (a) => a[Math.floor(Math.random() * a.length)];

/** Signs in, retrying while the server is away (a restart in a fault scenario). */
async function login(username, until, agent = setupAgent) {
  for (;;) {
    const r = await request('POST', '/auth/login', { body: { username, password }, agent });
    if (r.status === 200) {
      const cookie = []
        .concat(r.headers['set-cookie'] ?? [])
        .map((c) => c.split(';')[0])
        .join('; ');
      return { username, cookie, csrf: json(r).csrfToken, agent };
    }
    if (r.status !== 0 && r.status < 500) throw new Error(`login ${username}: ${r.status} ${r.text.slice(0, 200)}`);
    if (Date.now() > until) throw new Error(`login ${username}: no answer (${r.status} ${r.error ?? ''})`);
    await sleep(200);
  }
}

/** The items a user may see and comment on, found through the API as the web app finds them. */
async function discover(session) {
  const cs = json(await request('GET', '/consultations?limit=25', session))?.data ?? [];
  const items = [];
  for (const c of cs) {
    const list = json(await request('GET', `/consultations/${c.id}/items?limit=50`, session))?.data ?? [];
    for (const it of list) items.push({ id: it.id, consultationId: c.id });
  }
  if (!items.length) throw new Error(`${session.username} sees no items`);
  return { consultations: cs.map((c) => c.id), items };
}

// SIGTERM ends the run early (after a restart has been seen through); the result is written as usual.
let stopAt = Infinity;
process.on('SIGTERM', () => (stopAt = Date.now()));

async function client(n, session, scope, end) {
  let seq = 0;
  while (Date.now() < Math.min(end, stopAt)) {
    const item = pick(scope.items);
    let r;
    if (Math.random() < writeRatio) {
      const body = `${runId}:${n}:${++seq} 压测意见`;
      r = await request('POST', `/items/${item.id}/comments`, { ...session, body: { body } });
      if (r.status === 201) acked.push({ id: json(r).id, itemId: item.id, body, at: Date.now() });
    } else {
      const reads = [
        `/consultations/${item.consultationId}/items?limit=50`,
        `/items/${item.id}`,
        `/items/${item.id}/comments`,
        `/consultations/${item.consultationId}/board`,
        `/consultations?limit=25`,
        `/notifications?limit=20`,
      ];
      r = await request('GET', pick(reads), session);
    }
    if (r.status === 401) Object.assign(session, await login(session.username, end, session.agent));
    // A refused connection comes back at once; without a pause the client would spin while the server is away.
    if (r.status === 0 || r.status === 503) await sleep(100);
  }
}

const setupUntil = Date.now() + 120_000;
const scopes = new Map();
for (const u of users) scopes.set(u, await discover(await login(u, setupUntil)));
// Every client its own session, signed in before the clock starts; a few at a time, as argon2id is costly.
const sessions = new Array(clients);
for (let i = 0; i < clients; i += 8) {
  await Promise.all(
    Array.from({ length: Math.min(8, clients - i) }, async (_, j) => {
      sessions[i + j] = await login(users[(i + j) % users.length], setupUntil, newAgent());
    }),
  );
}
for (const k of Object.keys(statuses)) delete statuses[k];
buckets.clear();
latencies.clear();
requests = 0;

process.stdout.write(`ready\n`);
const started = Date.now();
const end = started + seconds * 1000;
await Promise.all(sessions.map((s, n) => client(n, s, scopes.get(s.username), end)));
for (const a of agents) a.destroy();

fs.writeFileSync(
  out,
  JSON.stringify({
    started,
    ended: Date.now(),
    requests,
    statuses,
    network,
    hung,
    samples5xx,
    acked,
    latency: [...latencies.entries()].map(([kind, ms]) => {
      ms.sort((a, b) => a - b);
      const at = (p) => ms[Math.min(ms.length - 1, Math.floor(ms.length * p))];
      return { kind, n: ms.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: ms[ms.length - 1] };
    }),
    buckets: [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([t, b]) => ({ t, ...b })),
  }),
);
