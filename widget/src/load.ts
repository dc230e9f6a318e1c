import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ApiError, ApiResult } from './api.ts';

export type Loaded<T> = { state: 'loading'; data?: T } | { state: 'ready'; data: T } | { state: 'failed'; error: ApiError; data?: T };

/**
 * Runs `load` when `deps` change and keeps the last data while reloading, so numbers don't blink.
 * Answers that arrive after a newer request started are dropped.
 */
export function useLoad<T>(load: () => Promise<ApiResult<T>>, deps: readonly unknown[]): Loaded<T> & { reload: () => void } {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const generation = useRef(0);
  const run = useCallback(() => {
    const mine = ++generation.current;
    setLoaded((previous) => ({ state: 'loading', ...(previous.data === undefined ? {} : { data: previous.data }) }));
    load().then((result) => {
      if (mine !== generation.current) return;
      setLoaded((previous) => (result.ok ? { state: 'ready', data: result.data } : { state: 'failed', error: result.error, ...(previous.data === undefined ? {} : { data: previous.data }) }));
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  useEffect(run, [run]);
  return { ...loaded, reload: run };
}
