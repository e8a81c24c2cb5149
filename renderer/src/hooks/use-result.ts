import { useCallback, useEffect, useRef, useState } from 'react';
import type { Result } from '../../../src/contract/dto.js';
import type { ErrorInfo } from '../../../src/contract/errors.js';

export type Loaded<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'ok'; readonly value: T }
  | { readonly state: 'error'; readonly error: ErrorInfo };

export type LoadedWithControls<T> = Loaded<T> & {
  readonly reload: () => Promise<void>;
  /** Shows a value pushed by main (an event) as if it had just been loaded. */
  readonly replace: (value: T) => void;
  /** Applies a pushed change to the latest loaded value (several pushes in one tick all apply). */
  readonly update: (change: (value: T) => T) => void;
};

/**
 * Loads a Result-returning call when `load` changes (memoise it with useCallback) and on reload().
 * A late answer from an older load never overwrites a newer one.
 */
export function useResult<T>(load: () => Promise<Result<T>>): LoadedWithControls<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const generation = useRef(0);
  const reload = useCallback(async () => {
    const mine = ++generation.current;
    const result = await load();
    if (mine !== generation.current) return;
    setLoaded(result.ok ? { state: 'ok', value: result.value } : { state: 'error', error: result.error });
  }, [load]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const replace = useCallback((value: T) => {
    generation.current++;
    setLoaded({ state: 'ok', value });
  }, []);
  const update = useCallback((change: (value: T) => T) => {
    setLoaded((previous) => (previous.state === 'ok' ? { state: 'ok', value: change(previous.value) } : previous));
  }, []);
  return { ...loaded, reload, replace, update };
}
