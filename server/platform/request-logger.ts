import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
const LEVELS: readonly Level[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];
type Args = Parameters<FastifyBaseLogger['info']>;
/** The server's logger is pino's, which can tell whether it writes a level. */
type Logger = FastifyBaseLogger & { isLevelEnabled?: (level: string) => boolean };

/**
 * A request's logger, made when the request first logs something at a level the server writes.
 * Fastify gives every request a child of the server's logger, so its lines carry the request id;
 * making a pino child cost a fiftieth of the CPU of a kept answer (answer-cache.ts), and at the
 * usual level (warn) hardly a request logs anything.
 */
class RequestLogger {
  #child: Logger | null = null;

  constructor(
    private readonly parent: Logger & { isLevelEnabled(level: string): boolean },
    private readonly bindings: Record<string, unknown>,
    private readonly options: object,
  ) {}

  private real(): Logger {
    return (this.#child ??= this.parent.child(this.bindings, this.options) as Logger);
  }

  get level(): string {
    return this.#child?.level ?? this.parent.level;
  }

  set level(level: string) {
    this.real().level = level;
  }

  isLevelEnabled(level: string): boolean {
    return this.#child?.isLevelEnabled ? this.#child.isLevelEnabled(level) : this.parent.isLevelEnabled(level);
  }

  child(bindings: Record<string, unknown>, options?: object): FastifyBaseLogger {
    return this.real().child(bindings, options);
  }

  silent(): void {}
}

for (const level of LEVELS) {
  Object.defineProperty(RequestLogger.prototype, level, {
    value(this: RequestLogger, ...args: Args) {
      if (this.isLevelEnabled(level)) (this as unknown as { real(): FastifyBaseLogger }).real()[level](...args);
    },
  });
}

/**
 * Fastify's childLoggerFactory. A route with a level of its own, or a child's own options, get pino's
 * child at once, as without this factory.
 */
export const lazyRequestLogger: NonNullable<FastifyServerOptions['childLoggerFactory']> = (logger: Logger, bindings, options) => {
  const pino = logger.isLevelEnabled ? (logger as Logger & { isLevelEnabled(level: string): boolean }) : null;
  if (!pino || Object.keys(options).length) return logger.child(bindings, options);
  return new RequestLogger(pino, bindings, options) as unknown as FastifyBaseLogger;
};
