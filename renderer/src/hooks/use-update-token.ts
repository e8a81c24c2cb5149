import { useState } from 'react';
import type { UpdateTokenInput } from '../../../src/contract/dto.js';
import type { ErrorInfo } from '../../../src/contract/errors.js';
import { useApi } from '../api-context.js';

/** Saves a change to a connection (tokens:update) and keeps what the form shows: Saved, or the error. */
export function useUpdateToken() {
  const api = useApi();
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [saved, setSaved] = useState(false);
  const update = async (input: UpdateTokenInput) => {
    setSaved(false);
    const result = await api['tokens:update'](input);
    setError(result.ok ? null : result.error);
    setSaved(result.ok);
  };
  return { update, error, saved };
}
