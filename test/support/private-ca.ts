/**
 * A private certificate authority made with openssl, as a network that inspects TLS (or a company
 * server) has: a CA and a leaf for 127.0.0.1 and localhost (subjectAltName) signed by it, in a temp
 * folder. Missing openssl with CI=true fails naming the package; locally the caller skips.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commandAvailable } from './command-prerequisite.js';

export const OPENSSL_MISSING = 'The TLS tests need openssl: apt-get install -y openssl';

export function opensslAvailable(): boolean {
  return commandAvailable('openssl', ['version'], OPENSSL_MISSING);
}

export interface PrivateCa {
  readonly dir: string;
  /** The CA certificate (PEM) and its file. */
  readonly caPem: string;
  readonly caFile: string;
  /** The leaf for 127.0.0.1/localhost: what an https server presents. */
  readonly leaf: { readonly key: string; readonly cert: string };
  remove(): void;
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export function createPrivateCa(label: string): PrivateCa {
  const dir = mkdtempSync(path.join(os.tmpdir(), `keyport-ca-${label}-`));
  const file = (name: string) => path.join(dir, name);
  const openssl = (args: readonly string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  openssl([
    'req',
    '-x509',
    ...EC_KEY,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    `/CN=Keyport test CA ${label}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  openssl(['req', '-new', ...EC_KEY, '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=localhost']);
  writeFileSync(
    file('leaf.ext'),
    [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '',
    ].join('\n'),
  );
  openssl([
    'x509',
    '-req',
    '-in',
    'leaf.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    'leaf.ext',
    '-out',
    'leaf.pem',
  ]);
  return {
    dir,
    caPem: readFileSync(file('ca.pem'), 'utf8'),
    caFile: file('ca.pem'),
    leaf: { key: readFileSync(file('leaf.key'), 'utf8'), cert: readFileSync(file('leaf.pem'), 'utf8') },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
