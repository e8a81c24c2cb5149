/** The keychain account a data folder files a connection's token under (`token:<name>@<installId>`). */
import fs from 'node:fs';
import path from 'node:path';
import { scopedAccount } from '../../src/keychain/data-folder-secrets.js';
import { createOsSecretStore } from '../../src/keychain/os-secret-store.js';
import { secretAccounts } from '../../src/keychain/secret-store.js';

export function installIdOf(dataDir: string): string {
  const metadata = JSON.parse(fs.readFileSync(path.join(dataDir, 'metadata.json'), 'utf8')) as { installId?: string };
  if (metadata.installId === undefined) throw new Error(`${dataDir}/metadata.json has no installId yet`);
  return metadata.installId;
}

export function tokenAccountIn(dataDir: string, name: string, previous = false): string {
  const account = previous ? secretAccounts.previousToken(name) : secretAccounts.token(name);
  return scopedAccount(account, installIdOf(dataDir));
}

/** Deletes every item of a test's own keychain service (its tokens, previous tokens and folder registry). */
export async function clearKeychainService(service: string): Promise<void> {
  const store = createOsSecretStore({ service });
  for (const account of await store.accounts()) await store.delete(account);
}
