// `npm run test:node24`: the suite again on Node 24, beside the Node 20 that runs `npm test`.
//
// The dependencies are installed for one Node: better-sqlite3's binary is built for its ABI. So this
// copies the checkout (the files git knows, without node_modules) to a temporary directory, fetches
// Node 24 from the npm registry (the node-<platform>-<arch> package, which carries the headers as
// well), runs `npm ci` there with Node 24 first on PATH, then the tests (`scripts/test.mjs
// --no-checks`: typecheck, lint and formatting read the source and say the same on either Node).
//
// better-sqlite3 12 is compiled against the headers of Node 24.18.0 (NODE24_HEADERS), the last 24.x
// whose node_object_wrap.h does not register a cleanup hook per object: built with 24.19's or later,
// its statements abort the process when the garbage collector frees them with no context entered
// (a worker thread's exit; "Assertion failed: (env) != nullptr" in RemoveEnvironmentCleanupHook).
// Node 24's ABI is one for the whole line, so the binary loads on the newest 24.x.
//
// NODE24 picks the runtime (default: the newest 24.x), NODE24_KEEP=1 keeps the directory. Exits with
// the tests' code.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const version = process.env.NODE24 ?? '24';
const headersVersion = process.env.NODE24_HEADERS ?? '24.18.0';
const started = Date.now();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huishang-node24-'));
const log = (msg) => process.stdout.write(`\n━━ Node 24: ${msg} (${((Date.now() - started) / 1000).toFixed(0)} s) ━━\n`);

/** The registry's Node binary package for this machine, as the npm `node` package names it. */
function binaryPackage() {
  const platform = process.platform === 'win32' ? 'win' : process.platform;
  const prefix = process.platform === 'darwin' && process.arch === 'arm64' ? 'node-bin' : 'node';
  return `${prefix}-${platform}-${process.arch}`;
}

/** Installs one version of the Node binary package into its own directory; returns the package's directory. */
function fetchNode(into, spec) {
  fs.mkdirSync(into, { recursive: true });
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--no-package-lock', '--prefix', into, `${binaryPackage()}@${spec}`], { stdio: 'inherit' });
  return path.join(into, 'node_modules', binaryPackage());
}

function run(cmd, args, env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: path.join(dir, 'src'), stdio: 'inherit', env });
    child.on('error', (err) => {
      process.stderr.write(`${err.message}\n`);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

let code;
try {
  log(`fetching Node ${version} and the headers of ${headersVersion} into ${dir}`);
  const runtime = fetchNode(path.join(dir, 'runtime'), version);
  const headers = fetchNode(path.join(dir, 'headers'), headersVersion);
  if (!fs.existsSync(path.join(headers, 'include', 'node', 'node.h'))) throw new Error(`${binaryPackage()}@${headersVersion} carries no include/node`);
  const env = {
    ...process.env,
    PATH: `${path.join(runtime, 'bin')}${path.delimiter}${process.env.PATH}`,
    // better-sqlite3 builds from source when its prebuilt binary cannot be downloaded.
    npm_config_nodedir: headers,
  };
  const node = path.join(runtime, 'bin', 'node');
  log(`copying the checkout (runtime ${execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()})`);
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const f of files) {
    const from = path.join(root, f);
    if (!fs.existsSync(from) || fs.lstatSync(from).isDirectory()) continue;
    fs.mkdirSync(path.dirname(path.join(dir, 'src', f)), { recursive: true });
    fs.copyFileSync(from, path.join(dir, 'src', f));
  }
  log('npm ci');
  code = await run('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], env);
  if (code === 0) {
    log('tests');
    code = await run(node, ['scripts/test.mjs', '--no-checks'], env);
  }
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  code = 1;
} finally {
  if (process.env.NODE24_KEEP === '1') process.stdout.write(`kept ${dir}\n`);
  else fs.rmSync(dir, { recursive: true, force: true });
}
log(code === 0 ? 'PASS' : `FAIL (exit ${code})`);
process.exit(code);
