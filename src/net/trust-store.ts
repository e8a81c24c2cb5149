/**
 * Which certificate authorities an upstream's TLS certificate may chain to: Node's bundled roots,
 * the OS store where the runtime can read it (`tls.getCACertificates('system')`, Node ≥ 22.15 —
 * so the Electron app too), on Linux the bundle named by SSL_CERT_FILE, NODE_EXTRA_CA_CERTS, and a
 * connection's own CA (`keyport add|set <name> --ca <pem file>`). Node replaces its defaults (and
 * ignores NODE_EXTRA_CA_CERTS) once a `ca` is given, so the whole set is built here, once per
 * distinct set, as a SecureContext shared by every connection that uses it.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import { KeyportError } from '../errors.js';
import type { NetworkEnv } from './outbound-proxy.js';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+?-----END CERTIFICATE-----/g;
/** A CA bundle larger than this is not a CA file someone meant to give. */
export const MAX_CA_BYTES = 1024 * 1024;

/** The PEM certificate blocks in a text, each checked to parse as X.509. */
export function certificatesIn(pem: string): string[] {
  const blocks = pem.match(PEM_CERTIFICATE) ?? [];
  return blocks.filter((block) => {
    try {
      new X509Certificate(block);
      return true;
    } catch {
      return false;
    }
  });
}

/** Reads a PEM file given with `--ca` (checked to hold a certificate), or fails saying what is wrong. */
export function readCaFile(path: string): string {
  let text: string;
  try {
    const bytes = readFileSync(path);
    if (bytes.length > MAX_CA_BYTES) {
      throw new KeyportError('INVALID_INPUT', `${path} is larger than 1 MiB; give the CA's PEM certificate file.`);
    }
    text = bytes.toString('utf8');
  } catch (error) {
    if (error instanceof KeyportError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new KeyportError('INVALID_INPUT', `Cannot read the CA file ${path} (${code}); check the path.`);
  }
  if (certificatesIn(text).length === 0) {
    throw new KeyportError(
      'INVALID_INPUT',
      `${path} holds no PEM certificate ("-----BEGIN CERTIFICATE-----"); export the CA as PEM (e.g. \`openssl x509 -in ca.der -inform der -out ca.pem\`).`,
    );
  }
  return text;
}

function fileCertificates(path: string | undefined): string[] {
  if (!path) return [];
  try {
    return certificatesIn(readFileSync(path, 'utf8'));
  } catch {
    return []; // A missing bundle adds nothing; the TLS error then names the fixes.
  }
}

function systemCertificates(): string[] {
  const read = (tls as { getCACertificates?: (type: 'system') => string[] }).getCACertificates;
  if (typeof read !== 'function') return [];
  try {
    return read('system');
  } catch {
    return [];
  }
}

export interface TrustStore {
  /** The SecureContext for one connection's upstream: every trusted CA plus its own `ca`, if any. */
  contextFor(ownCa: string | null): tls.SecureContext;
}

export function createTrustStore(env: NetworkEnv): TrustStore {
  const sslCertFile = process.platform === 'linux' ? env.SSL_CERT_FILE : undefined;
  const contexts = new Map<string, tls.SecureContext>();
  let base: readonly string[] | undefined;
  return {
    contextFor(ownCa) {
      const key = ownCa ?? '';
      let context = contexts.get(key);
      if (context === undefined) {
        base ??= [
          ...tls.rootCertificates,
          ...systemCertificates(),
          ...fileCertificates(sslCertFile),
          ...fileCertificates(env.NODE_EXTRA_CA_CERTS),
        ];
        const ca = new Set([...base, ...(ownCa === null ? [] : certificatesIn(ownCa))]);
        context = tls.createSecureContext({ ca: [...ca] });
        contexts.set(key, context);
      }
      return context;
    },
  };
}
