/**
 * The keychain as one data folder sees it. Every item's account carries the folder's install id
 * (`token:github@3f9c…`, kept in metadata.json), so two data folders (KEYPORT_HOME) with a
 * connection of the same name never share, overwrite or delete each other's token. A registry
 * item per folder (`folder@<id>` → the folder's path) lets `keyport doctor` tell which items a
 * data folder still owns.
 *
 * Items from before this scheme (`token:github`, no id) migrate on first use without loss: when
 * the folder's own item is missing, the unscoped one is copied in — only if its mask matches the
 * token this folder's metadata describes, so a folder never adopts another folder's token (which
 * the old scheme let overwrite its own). The unscoped item stays for other data folders that have
 * not run this version yet; `keyport doctor` lists it as owned by no data folder.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { MetadataStore } from '../store/metadata-store.js';
import { maskToken } from '../tokens/mask-token.js';
import { parseTokenAccount, type SecretStore } from './secret-store.js';
import { ownEntry } from '../store/own-entry.js';

export interface DataFolderSecretsOptions {
  /** The keychain itself (all data folders' items under one service). */
  readonly store: SecretStore;
  readonly metadata: MetadataStore;
  readonly dataDir: string;
  readonly logger: Logger;
}

/** An account of this folder's: `<account>@<installId>`. */
export function scopedAccount(account: string, installId: string): string {
  return `${account}@${installId}`;
}

/** The registry item that records which folder an install id belongs to. */
export function folderAccount(installId: string): string {
  return `folder@${installId}`;
}

/** `<account>@<installId>` split apart; an account without an id is an item from before data folders were isolated. */
export function splitScopedAccount(account: string): { readonly account: string; readonly installId: string | null } {
  const at = account.lastIndexOf('@');
  if (at < 0 || !/^[0-9a-f]{16}$/.test(account.slice(at + 1))) return { account, installId: null };
  return { account: account.slice(0, at), installId: account.slice(at + 1) };
}

/** Records that `installId` is the data folder at `dataDir` (written only when it says otherwise). */
export async function registerDataFolder(store: SecretStore, installId: string, dataDir: string): Promise<void> {
  if ((await store.get(folderAccount(installId))) !== dataDir) await store.set(folderAccount(installId), dataDir);
}

export function newInstallId(): string {
  return randomBytes(8).toString('hex');
}

export function createDataFolderSecrets(options: DataFolderSecretsOptions): SecretStore {
  const { store, metadata, dataDir, logger } = options;
  // Made at once (an update queued before any command's own): the token operations write the
  // keychain inside their metadata update, where a second update of the same file would wait for
  // the first forever. Reading the id afterwards never needs an update.
  const installId = (async () => {
    const known = metadata.read().installId;
    if (known !== undefined) return known;
    return metadata.update((draft) => (draft.installId ??= newInstallId()));
  })();
  installId.catch(() => undefined); // surfaced by the first keychain call, not as an unhandled rejection
  let registered = false;

  /** Files `account` under this folder's id, and (once per process) records which folder that id is. */
  const storeScoped = async (account: string, id: string, secret: string): Promise<void> => {
    await store.set(scopedAccount(account, id), secret);
    if (registered) return;
    await registerDataFolder(store, id, dataDir);
    registered = true;
  };

  /** The unscoped item from before isolation, if it holds the token this folder's metadata describes. */
  const adoptLegacy = async (account: string, id: string): Promise<string | null> => {
    const owner = parseTokenAccount(account);
    if (owner === null) return null;
    const connection = ownEntry(metadata.read().connections, owner.name);
    const masked = owner.previous ? connection?.previous?.masked : connection?.masked;
    if (masked === undefined) return null;
    const legacy = await store.get(account);
    if (legacy === null) return null;
    if (maskToken(legacy) !== masked) {
      logger.warn('An unscoped keychain item holds another token than this data folder describes; not adopted', {
        account,
      });
      return null;
    }
    await storeScoped(account, id, legacy);
    logger.info('Moved a keychain item into this data folder', { account });
    return legacy;
  };

  return {
    async get(account) {
      const id = await installId;
      return (await store.get(scopedAccount(account, id))) ?? adoptLegacy(account, id);
    },
    async set(account, secret) {
      await storeScoped(account, await installId, secret);
    },
    async delete(account) {
      return store.delete(scopedAccount(account, await installId));
    },
    async accounts() {
      const id = await installId;
      return (await store.accounts()).flatMap((account) => {
        const split = splitScopedAccount(account);
        return split.installId === id ? [split.account] : [];
      });
    },
  };
}
