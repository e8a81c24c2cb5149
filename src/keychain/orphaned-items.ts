/**
 * Keychain items no data folder owns, for `keyport doctor`. Every data folder files its items as
 * `<account>@<install id>` and registers itself as `folder@<install id>` → its path
 * (data-folder-secrets.ts), so an item is owned when its id's folder still exists, still carries
 * that id in its metadata.json, and still has the connection (and, for a previous token, the
 * rollback) the item is for. An item without an id is from before data folders were kept apart:
 * it is still owned while a registered folder has yet to copy it in (same name, same mask).
 */
import fs from 'node:fs';
import path from 'node:path';
import { maskToken } from '../tokens/mask-token.js';
import { folderAccount, scopedAccount, splitScopedAccount } from './data-folder-secrets.js';
import { parseTokenAccount, type SecretStore } from './secret-store.js';

export interface OrphanedItem {
  readonly account: string;
  /** Why no data folder owns it, on one line. */
  readonly reason: string;
}

interface FolderView {
  readonly installId?: unknown;
  readonly connections?: Record<string, { readonly masked?: unknown; readonly previous?: { masked?: unknown } | null }>;
}

type Folder = { readonly dir: string; readonly view: FolderView } | { readonly problem: string };

/** The metadata.json of a registered folder, read without the schema (any folder, any version). */
function readFolder(dir: string): FolderView | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'metadata.json'), 'utf8')) as FolderView;
  } catch {
    return null;
  }
}

async function resolveFolder(store: SecretStore, installId: string): Promise<Folder> {
  const dir = await store.get(folderAccount(installId));
  if (dir === null) return { problem: `no data folder is registered for install ${installId}` };
  if (!fs.existsSync(dir)) return { problem: `its data folder ${dir} no longer exists` };
  const view = readFolder(dir);
  if (view?.installId !== installId) {
    return {
      problem: `its data folder ${dir} no longer carries install ${installId} (metadata.json replaced or moved aside?)`,
    };
  }
  return { dir, view };
}

/** The mask a folder expects for a token account, or undefined when it has no such token. */
function expectedMask(view: FolderView, owner: { name: string; previous: boolean }): unknown {
  const connection = view.connections?.[owner.name];
  return owner.previous ? connection?.previous?.masked : connection?.masked;
}

export async function findOrphanedItems(store: SecretStore): Promise<OrphanedItem[]> {
  const accounts = new Set(await store.accounts());
  const folders = new Map<string, Folder>();
  for (const account of accounts) {
    const { installId } = splitScopedAccount(account);
    if (installId !== null && !folders.has(installId)) folders.set(installId, await resolveFolder(store, installId));
  }

  /** A registered folder that still has to copy this unscoped item in, if any. */
  const pendingOwner = async (account: string, owner: { name: string; previous: boolean }): Promise<string | null> => {
    let secret: string | null | undefined;
    for (const [installId, folder] of folders) {
      if ('problem' in folder || accounts.has(scopedAccount(account, installId))) continue;
      const masked = expectedMask(folder.view, owner);
      if (masked === undefined) continue;
      secret ??= await store.get(account);
      if (secret !== null && maskToken(secret) === masked) return folder.dir;
    }
    return null;
  };

  const orphans: OrphanedItem[] = [];
  for (const raw of [...accounts].sort()) {
    const { account, installId } = splitScopedAccount(raw);
    const owner = parseTokenAccount(account);
    if (installId === null) {
      if (owner === null) orphans.push({ account: raw, reason: 'not an item Keyport writes' });
      else if ((await pendingOwner(raw, owner)) === null) {
        orphans.push({
          account: raw,
          reason:
            'from before Keyport kept each data folder’s items apart, and no known data folder still needs it ' +
            '(a folder not used since copies its own token on first use)',
        });
      }
      continue;
    }
    const folder = folders.get(installId)!;
    if ('problem' in folder) orphans.push({ account: raw, reason: folder.problem });
    else if (account === 'folder') continue;
    else if (owner === null) orphans.push({ account: raw, reason: 'not an item Keyport writes' });
    else if (expectedMask(folder.view, owner) === undefined) {
      orphans.push({
        account: raw,
        reason: owner.previous
          ? `connection "${owner.name}" in ${folder.dir} keeps no token for rollback`
          : `its data folder ${folder.dir} has no connection "${owner.name}"`,
      });
    }
  }
  return orphans;
}
