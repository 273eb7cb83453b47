import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { SERVER_NODE_FLAGS } from '../scripts/server-bundle.mjs';

const root = path.resolve(import.meta.dirname, '..');
export const DEMO_PASSWORD = 'Huishang@2026';

export interface Server {
  url: string;
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** Settings added to (or overriding) the test defaults, e.g. SMTP_URL or HUISHANG_TODAY. */
  env?: Record<string, string>;
  /**
   * A directory the caller owns and removes: the database file in it outlives `stop()`, so a test
   * can start the app again on the same data (with a later HUISHANG_TODAY, say). Without it each
   * server gets a fresh directory that `stop()` deletes.
   */
  dir?: string;
}

/** The real app, as `npm start` runs it, on a SQLite file (fresh: with the demo data) and a free port. */
export async function startServer(opts: ServerOptions = {}): Promise<Server> {
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'huishang-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [...SERVER_NODE_FLAGS, path.join(root, 'scripts/start.mjs')], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: `sqlite:${path.join(dir, 'e2e.db')}`,
      FILES_DIR: path.join(dir, 'files'),
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '0',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 120_000);
    const onData = (b: Buffer) => {
      output += b.toString();
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      // Wait for the process to close its database before anyone opens the same file again.
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (!opts.dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const CONTEXT_OPTIONS = {
  locale: 'zh-CN',
  viewport: { width: 1440, height: 900 },
  // The app turns its animations off for this: steps no longer wait for drawers to slide.
  reducedMotion: 'reduce',
} as const;

/**
 * One Chromium for a journey file; each context of it is a separate person's browser (cookies,
 * storage). Its pages share one renderer process, kept from one user's page to the next (see
 * nextPage) rather than started cold for each user.
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--renderer-process-limit=1', '--disable-site-isolation-trials'],
  });
}

export interface Journey {
  /** The app, started before the file's first test. */
  readonly server: Server;
  /** The app's address, e.g. http://127.0.0.1:41234. */
  readonly url: string;
  /** The file's browser context (the first one, when `contexts` asked for more). */
  readonly browser: BrowserContext;
  /** Every context the file asked for: separate cookies, as separate people's browsers have. */
  readonly contexts: readonly BrowserContext[];
  /** Stops the app and starts it again: with the same `dir`, on the same data. */
  restartServer(opts: ServerOptions): Promise<void>;
}

export interface JourneyOptions {
  /** The app's options, or a function giving them once the file's earlier hooks have run. */
  server?: ServerOptions | (() => ServerOptions);
  /** How many browser contexts to open (default 1). */
  contexts?: number;
}

/**
 * The set-up every journey file shares: registers the hooks that start the app and open the
 * browser before the file's tests and close both after them, and returns getters for them.
 */
export function useServerAndBrowser(opts: JourneyOptions = {}): Journey {
  let server: Server | undefined;
  let browser: Browser | undefined;
  let contexts: BrowserContext[] = [];
  const started = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`${what} is not there yet: use it in a test or hook, not while the file loads`);
    return v;
  };
  beforeAll(async () => {
    const serverOpts = typeof opts.server === 'function' ? opts.server() : opts.server;
    [server, browser] = await Promise.all([startServer(serverOpts), launchBrowser()]);
    contexts = await Promise.all(Array.from({ length: opts.contexts ?? 1 }, () => browser!.newContext(CONTEXT_OPTIONS)));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    get server() {
      return started(server, 'the app');
    },
    get url() {
      return started(server, 'the app').url;
    },
    get browser() {
      return started(contexts[0], 'the browser');
    },
    get contexts() {
      return contexts;
    },
    async restartServer(next: ServerOptions) {
      await started(server, 'the app').stop();
      server = undefined;
      server = await startServer(next);
    },
  };
}

export async function login(page: Page, base: string, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByPlaceholder('用户名').fill(username);
  await page.getByPlaceholder('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/**
 * Signs `username` in through the API, on the page's browser context, so the next page it opens is
 * that user's. The stories switch users many times; the form itself is walked in journeys.e2e.ts.
 */
export async function loginByApi(page: Page, base: string, username: string, password = DEMO_PASSWORD): Promise<void> {
  const res = await page.request.post(`${base}/api/v1/auth/login`, { data: { username, password } });
  if (!res.ok()) throw new Error(`login of ${username} failed: ${res.status()} ${await res.text()}`);
  // What the login form also leaves behind: the app's note that this browser has a session
  // (web/features/auth/auth.api.ts), without which it goes to the login page without asking.
  await page.addInitScript(() => localStorage.setItem('huishang.signedIn', '1'));
}

/**
 * Goes to `path` inside the running app, as its links and menu do (the router follows the history
 * entry), instead of loading the app again: for steps that are not about a fresh load.
 */
export async function navigate(page: Page, path: string): Promise<void> {
  await page.evaluate((to) => {
    window.history.pushState(null, '', to);
    window.dispatchEvent(new PopStateEvent('popstate', { state: null }));
  }, path);
  await page.waitForURL((u) => u.pathname + u.search === path);
}

/** Enumeration codes that must never reach a user's eyes. */
export const RAW_CODES = [
  'direct_support',
  'joint_promotion',
  'joint_pursuit',
  'not_started',
  'in_progress',
  'implementing',
  'negotiating',
  'partner_coordinator',
  'host_coordinator',
  'undefined',
  'null',
  'NaN',
];

/**
 * Clicks `trigger` until `inside` (something in the dialog it opens) is visible. On a loaded
 * machine a refetch can re-render the drawer between the click and the dialog's first paint, which
 * drops the dialog's open state; a user would simply click again, and so does this.
 */
export async function openDialog(trigger: Locator, inside: Locator, attempts = 4): Promise<void> {
  for (let i = 1; ; i++) {
    await trigger.click();
    try {
      await inside.waitFor({ state: 'visible', timeout: 8_000 });
      return;
    } catch (e) {
      if (i >= attempts) throw e;
    }
  }
}

/**
 * A new page of `context` with no cookies, for the next user. It is opened before the last user's
 * pages close, so the renderer process carries over (see launchBrowser); the
 * cookies go once those pages are closed (signing them out under their feet would make them log 401s).
 */
export async function nextPage(context: BrowserContext): Promise<Page> {
  const old = context.pages();
  const page = await context.newPage();
  for (const p of old) await p.close();
  await context.clearCookies();
  return page;
}

/**
 * A new page of `browser` signed in as `username` (see nextPage). Page errors — and console errors too when
 * `consoleErrors` is set — are collected in `errors`, which each journey asserts empty.
 */
export async function pageAs(browser: BrowserContext, base: string, username: string, errors: string[], opts: { path?: string; consoleErrors?: boolean } = {}): Promise<Page> {
  const page = await nextPage(browser);
  if (opts.consoleErrors) {
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()} (${m.location().url})`);
    });
  }
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  await loginByApi(page, base, username);
  if (opts.path) await page.goto(`${base}${opts.path}`);
  return page;
}
