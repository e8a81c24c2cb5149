import { useCallback } from 'react';
import type { ImportCandidate } from '../../../src/contract/dto.js';
import { useApi } from '../api-context.js';
import { useKeyportEvent } from './use-event.js';
import { useResult, type LoadedWithControls } from './use-result.js';

/** Tokens found in plain text in client configs; re-scanned when the tokens change (an import, say). */
export function useImportCandidates(): LoadedWithControls<ImportCandidate[]> {
  const api = useApi();
  const scan = useCallback(() => api['clients:import-scan'](), [api]);
  const candidates = useResult(scan);
  const { reload } = candidates;
  useKeyportEvent('tokens:changed', () => void reload());
  return candidates;
}
