/**
 * What the deployment test runs: app instances as real child processes (server/main.ts), and Debian's
 * nginx, unprivileged, with a prefix and configuration of its own built from the shipped
 * deploy/nginx/huishang.conf.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SHIPPED_NGINX_CONF = path.join(ROOT, 'deploy/nginx/huishang.conf');
export const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  raw: Buffer;
  /** The body parsed as JSON when it is JSON, else its text. */
  body: any;
}

/** One HTTP(S) request with node's own client (fetch would decompress, and cannot trust a private CA). */
export function request(url: string, opts: { method?: string; headers?: Record<string, string>; body?: unknown; ca?: Buffer; localAddress?: string } = {}): Promise<Answer> {
  const u = new URL(url);
  const payload = opts.body === undefined ? undefined : Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(JSON.stringify(opts.body));
  const headers: Record<string, string> = { ...(payload && !Buffer.isBuffer(opts.body) ? { 'content-type': 'application/json' } : {}), ...opts.headers };
  if (payload) headers['content-length'] = String(payload.length);
  const mod = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(u, { method: opts.method ?? 'GET', headers, ca: opts.ca, localAddress: opts.localAddress, agent: false, timeout: 20_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const type = String(res.headers['content-type'] ?? '');
        let body: unknown = raw.toString('utf8');
        if (type.includes('json') && !res.headers['content-encoding'] && raw.length) body = JSON.parse(raw.toString('utf8'));
        resolve({ status: res.statusCode ?? 0, headers: res.headers, raw, body });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${opts.method ?? 'GET'} ${url}: no answer in 20 s`)));
    req.on('error', reject);
    req.end(payload);
  });
}

function tail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** A child process whose output goes to a log file, stopped with SIGTERM (then SIGKILL). */
export class Child {
  private proc: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    readonly name: string,
    readonly log: string,
  ) {}

  start(cmd: string, args: string[], env: NodeJS.ProcessEnv): void {
    const fd = fs.openSync(this.log, 'a');
    const proc = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', fd, fd] });
    fs.closeSync(fd);
    this.proc = proc;
    this.exited = new Promise((r) => proc.on('exit', () => r()));
  }

  alive(): boolean {
    return !!this.proc && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** Polls `ready` until it holds; fails at once, with the log's end, when the process exits. */
  async waitFor(ready: () => Promise<boolean>, ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (!this.alive()) throw new Error(`${this.name} exited at start:\n${tail(this.log)}`);
      if (await ready().catch(() => false)) return;
      await sleep(150);
    }
    throw new Error(`${this.name} was not ready within ${ms / 1000} s:\n${tail(this.log)}`);
  }

  async stop(): Promise<void> {
    if (!this.alive()) return;
    this.proc!.kill('SIGTERM');
    const t = setTimeout(() => this.proc?.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(t);
  }

  logText(): string {
    return tail(this.log, 200);
  }
}

/** One app instance: `node --import tsx server/main.ts` with its own PORT and the shared rest. */
export async function startInstance(name: string, dir: string, env: Record<string, string>): Promise<{ child: Child; port: number; base: string }> {
  const port = await freePort();
  const child = new Child(name, path.join(dir, `${name}.log`));
  child.start(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/main.ts')], { PATH: process.env.PATH, HOME: process.env.HOME, ...env, PORT: String(port) });
  return { child, port, base: `http://127.0.0.1:${port}` };
}

export interface NginxSite {
  upstreams: number[];
  httpPort: number;
  httpsPort: number;
  certificate: string;
  key: string;
  webRoot: string;
  accessLog: string;
}

/**
 * The shipped site configuration with this machine's ports and paths put in. Each substitution must
 * find what it replaces: a shipped file that changes shape fails here instead of being tested halfway.
 */
export function siteConfig(shipped: string, site: NginxSite): string {
  let text = shipped;
  const swap = (what: RegExp, to: (match: string, ...groups: string[]) => string, times: number) => {
    const all = new RegExp(what.source, 'gm');
    const found = text.match(all)?.length ?? 0;
    if (found !== times) throw new Error(`deploy/nginx/huishang.conf: expected ${times} × ${what.source}, found ${found}`);
    text = text.replace(all, to);
  };
  let next = 0;
  swap(/^(\s*server )127\.0\.0\.1:300\d( .*;)$/, (_m, head, rest) => `${head}127.0.0.1:${site.upstreams[next++]}${rest}`, site.upstreams.length);
  swap(/^\s*listen \[::\]:.*;\n/, () => '', 2);
  swap(/listen 80;/, () => `listen 127.0.0.1:${site.httpPort};`, 1);
  swap(/listen 443 ssl/, () => `listen 127.0.0.1:${site.httpsPort} ssl`, 1);
  swap(/ssl_certificate +\/etc\/huishang\/tls\/fullchain\.pem;/, () => `ssl_certificate ${site.certificate};`, 1);
  swap(/ssl_certificate_key +\/etc\/huishang\/tls\/privkey\.pem;/, () => `ssl_certificate_key ${site.key};`, 1);
  swap(/root \/srv\/huishang\/web\/dist;/, () => `root ${site.webRoot};`, 1);
  swap(/\/var\/log\/nginx\/huishang\.access\.log/, () => site.accessLog, 2);
  return text;
}

/**
 * The main configuration around the site, as Debian's /etc/nginx/nginx.conf has it (gzip on at the
 * http level, mime.types), with every path the package compiled in moved into the prefix.
 */
export function mainConfig(prefix: string, siteFile: string): string {
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `    ${t}_temp_path ${path.join(prefix, `${t}_temp`)};`).join('\n');
  return `worker_processes 1;
events { worker_connections 256; }
http {
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    gzip on;
${temp}
    include ${siteFile};
}
`;
}

/** A self-signed certificate for 127.0.0.1 and localhost; the client trusts it as its only CA. */
export function selfSignedCertificate(dir: string): { certificate: string; key: string; ca: Buffer } {
  const certificate = path.join(dir, 'fullchain.pem');
  const key = path.join(dir, 'privkey.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      key,
      '-out',
      certificate,
    ],
    { stdio: 'ignore' },
  );
  return { certificate, key, ca: fs.readFileSync(certificate) };
}

export function startNginx(prefix: string, conf: string): Child {
  const child = new Child('nginx', path.join(prefix, 'nginx.log'));
  child.start(NGINX, ['-p', prefix, '-c', conf, '-g', `daemon off; pid ${path.join(prefix, 'nginx.pid')}; error_log stderr;`], { PATH: process.env.PATH });
  return child;
}
