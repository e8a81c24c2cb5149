import { useCallback } from 'react';
import type { TokenSummary } from '../../../src/contract/dto.js';
import { useApi } from '../api-context.js';
import { useKeyportEvent } from './use-event.js';
import { useResult, type LoadedWithControls } from './use-result.js';

/** The token list, loaded once and replaced whenever main reports `tokens:changed`. */
export function useTokens(): LoadedWithControls<TokenSummary[]> {
  const api = useApi();
  const load = useCallback(() => api['tokens:list'](), [api]);
  const tokens = useResult(load);
  useKeyportEvent('tokens:changed', tokens.replace);
  return tokens;
}
