// Running the `huishang` command in-process: the same `run` bin/huishang.js calls, with its output captured.
import { TEST_HASH_ENV } from '../testing/support.js';
import { run } from './main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `huishang …args` with exactly `env` as its environment (plus quiet logs and the test's password cost). */
export async function huishang(args: string[], env: Record<string, string>): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    env: { LOG_LEVEL: 'silent', ...TEST_HASH_ENV, ...env },
    isTTY: false,
  });
  return { code, stdout, stderr };
}
