/**
 * The CLI's composition root: logger to stderr (level from KEYPORT_LOG_LEVEL, default warn),
 * the core context on the data folder's JSON files + the OS keychain, and the token/account
 * services over it.
 */
import { createAccountService, type AccountService } from '../core/account-service.js';
import type { CoreContext } from '../core/context.js';
import { createCoreContext } from '../core/create-core-context.js';
import { createTokenService, type TokenService } from '../core/token-service.js';
import { cliLogger } from './cli-logger.js';

export { cliLogger };

export interface CliContext {
  readonly core: CoreContext;
  readonly tokens: TokenService;
  readonly accounts: AccountService;
}

export function createCliContext(env: Readonly<Record<string, string | undefined>> = process.env): CliContext {
  const core = createCoreContext({ env, logger: cliLogger(env) });
  return { core, tokens: createTokenService(core), accounts: createAccountService(core) };
}

/** Runs `body` with a fresh CLI context and closes its stores afterwards. */
export async function withCliContext<T>(body: (context: CliContext) => Promise<T>): Promise<T> {
  const context = createCliContext();
  try {
    return await body(context);
  } finally {
    context.core.metadata.close();
    context.core.usage.close();
  }
}
