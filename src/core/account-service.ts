/** Named accounts: one quota (calls per period, reset day) that several tokens share. */
import type { AccountSummary } from '../contract/dto.js';
import { KeyportError } from '../errors.js';
import { validateResetDay } from '../tokens/quota-period.js';
import type { CoreContext } from './context.js';
import { summarizeAccount } from './token-summary.js';
import { validateName, validateQuotaLimit } from './validate-input.js';
import { ownEntry } from '../store/own-entry.js';

export interface AccountSetInput {
  readonly name: string;
  /** Required when the account is new. */
  readonly quota?: number;
  /** Default 1 for a new account. */
  readonly resetDay?: number;
}

export interface AccountService {
  list(): Promise<AccountSummary[]>;
  set(input: AccountSetInput): Promise<AccountSummary>;
  remove(name: string): Promise<void>;
}

export function createAccountService(context: CoreContext): AccountService {
  const { metadata, usage, clock } = context;
  const summary = (name: string): AccountSummary => {
    const current = metadata.read();
    const account = ownEntry(current.accounts, name);
    if (!account)
      throw new KeyportError('NOT_FOUND', `No account named "${name}"; \`keyport account list\` shows them.`);
    return summarizeAccount(account, current, usage.read(), clock.now());
  };

  return {
    async list() {
      const current = metadata.read();
      const used = usage.read();
      return Object.values(current.accounts)
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((account) => summarizeAccount(account, current, used, clock.now()));
    },

    async set(input) {
      const name = validateName(input.name, 'account');
      const limit = input.quota === undefined ? undefined : validateQuotaLimit(input.quota);
      const resetDay = input.resetDay === undefined ? undefined : validateResetDay(input.resetDay);
      await metadata.update((draft) => {
        const existing = ownEntry(draft.accounts, name);
        if (!existing && limit === undefined) {
          throw new KeyportError(
            'INVALID_INPUT',
            `A new account needs a quota: \`keyport account set ${name} --quota <calls per period>\`.`,
          );
        }
        draft.accounts[name] = {
          name,
          quota: { limit: limit ?? existing?.quota.limit ?? 1, resetDay: resetDay ?? existing?.quota.resetDay ?? 1 },
        };
      });
      return summary(name);
    },

    async remove(name) {
      await metadata.update((draft) => {
        if (!ownEntry(draft.accounts, name))
          throw new KeyportError('NOT_FOUND', `No account named "${name}"; \`keyport account list\` shows them.`);
        const users = Object.values(draft.connections).filter((connection) => connection.account === name);
        if (users.length > 0) {
          throw new KeyportError(
            'INVALID_INPUT',
            `Account "${name}" is used by ${users.map((c) => c.name).join(', ')}; move them first with ` +
              `\`keyport set <name> --account none\` (or another account).`,
          );
        }
        delete draft.accounts[name];
      });
      await usage.update((draft) => void delete draft.accounts[name]);
    },
  };
}
