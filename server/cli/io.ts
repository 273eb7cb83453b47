/** Where the `huishang` command writes and what it reads: the process's own streams and environment, or a test's. */
export interface CliIo {
  /** Writes to standard output as given (lines carry their own "\n"). */
  stdout(chunk: string): void;
  /** Writes to standard error as given. */
  stderr(chunk: string): void;
  /** The environment the configuration is read from. */
  env: Record<string, string | undefined>;
  /** Standard error is a terminal: progress bars are drawn only then. */
  isTTY: boolean;
}

export function processIo(): CliIo {
  return {
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    env: process.env,
    isTTY: Boolean(process.stderr.isTTY),
  };
}
