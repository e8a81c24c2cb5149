/** The port the client commands write into URLs: the same resolution as `keyport serve` (flag, env, setting, 8931). */
import type { CoreContext } from '../core/context.js';
import { resolvePortWithSource } from '../core/resolve-port.js';
import { KeyportError } from '../errors.js';

export function resolveCliPort(flag: number | undefined, context: Pick<CoreContext, 'env' | 'metadata'>): number {
  const { port, source } = resolvePortWithSource({
    ...(flag === undefined ? {} : { flag }),
    env: context.env,
    settings: context.metadata.read().settings,
  });
  if (port === 0) {
    throw new KeyportError(
      'INVALID_INPUT',
      `Client configs need the proxy's fixed port, but the ${source} says 0 (any free port); set a port with --port, KEYPORT_PORT or the port setting.`,
    );
  }
  return port;
}
