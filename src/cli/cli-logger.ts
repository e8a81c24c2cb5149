/** The CLI's logger: lines on stderr, level from KEYPORT_LOG_LEVEL (debug, info, warn, error; default warn). */
import { createLineLogger, type Logger, type LogLevel } from '../logger.js';

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export function cliLogger(env: Readonly<Record<string, string | undefined>> = process.env): Logger {
  const wanted = env.KEYPORT_LOG_LEVEL?.trim().toLowerCase() as LogLevel | undefined;
  const level = wanted && LEVELS.includes(wanted) ? wanted : 'warn';
  return createLineLogger({ write: (line) => process.stderr.write(line), level });
}
