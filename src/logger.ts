/** The injected logger seam. Implementations decide where lines go (stderr in the CLI, a file in the app). */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Readonly<Record<string, unknown>>): void;
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A logger writing one line per entry to a sink (process.stderr in the CLI and bridge). */
export function createLineLogger(options: {
  readonly write: (line: string) => void;
  readonly level?: LogLevel;
  readonly now?: () => Date;
}): Logger {
  const threshold = LEVEL_ORDER[options.level ?? 'info'];
  const now = options.now ?? (() => new Date());
  const log = (level: LogLevel) => (message: string, fields?: Readonly<Record<string, unknown>>) => {
    if (LEVEL_ORDER[level] < threshold) return;
    const suffix = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
    options.write(`${now().toISOString()} ${level} ${message}${suffix}\n`);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
