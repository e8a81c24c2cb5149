/** Which provider a pasted token belongs to, from its prefix, using the core's table of known formats (pure data). */
import { detectTokenFormat, providerFor } from '../../../src/tokens/token-formats.js';

export interface DetectedProvider {
  readonly provider: string;
  readonly kind: string;
  readonly description: string;
}

export function detectProvider(token: string, url: string): DetectedProvider | null {
  if (token === '') return null;
  const format = detectTokenFormat(token);
  const provider = providerFor(format, url);
  return {
    provider: provider === 'unknown' ? 'Unknown provider' : provider,
    kind: format.kind,
    description: format.label,
  };
}
