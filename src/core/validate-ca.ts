/** A connection's own CA, as `--ca <file>` read it (node:crypto checks it; kept out of the window's bundle). */
import { KeyportError } from '../errors.js';
import { certificatesIn, MAX_CA_BYTES } from '../net/trust-store.js';

/** A connection's own CA: one or more PEM certificates (what `--ca <file>` read), normalised. */
export function validateCa(pem: string): string {
  const certificates = pem.length > MAX_CA_BYTES ? [] : certificatesIn(pem);
  if (certificates.length === 0) {
    throw new KeyportError(
      'INVALID_INPUT',
      'The CA holds no PEM certificate ("-----BEGIN CERTIFICATE-----", at most 1 MiB); give the CA\'s PEM file.',
    );
  }
  return `${certificates.join('\n')}\n`;
}
