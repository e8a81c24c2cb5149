/**
 * The proxy port, resolved the same way everywhere (`keyport serve`, `connect`, `doctor`, the app):
 * the --port flag, else KEYPORT_PORT, else settings.port, else DEFAULT_PORT.
 */
import { KeyportError } from '../errors.js';
import { DEFAULT_PORT } from '../store/schema.js';

export type PortSource = 'flag' | 'env' | 'settings' | 'default';

export interface ResolvePortOptions {
  readonly flag?: number | string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly settings?: { readonly port: number | null };
}

function parse(value: number | string, source: string): number {
  const text = String(value).trim();
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new KeyportError(
      'INVALID_INPUT',
      `${source} must be a port number from 0 to 65535, not "${text.slice(0, 20)}".`,
    );
  }
  return port;
}

export function resolvePortWithSource(options: ResolvePortOptions): {
  readonly port: number;
  readonly source: PortSource;
} {
  if (options.flag !== undefined) return { port: parse(options.flag, '--port'), source: 'flag' };
  const fromEnv = options.env.KEYPORT_PORT?.trim();
  if (fromEnv) return { port: parse(fromEnv, 'KEYPORT_PORT'), source: 'env' };
  if (options.settings?.port !== null && options.settings?.port !== undefined) {
    return { port: options.settings.port, source: 'settings' };
  }
  return { port: DEFAULT_PORT, source: 'default' };
}

export function resolvePort(options: ResolvePortOptions): number {
  return resolvePortWithSource(options).port;
}
