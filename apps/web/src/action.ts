// A change the page asks of the API: its error (the API's one sentence) and whether it is under way, so that every
// form and button reports failures the same way.
import { useCallback, useState } from 'react';

export interface Action {
  error: string | undefined;
  busy: boolean;
  /** Runs the work; on failure keeps its message and resolves to undefined. */
  run<T>(work: () => Promise<T>): Promise<T | undefined>;
  clear(): void;
}

export function useAction(): Action {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const run = useCallback(async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    setError(undefined);
    setBusy(true);
    try {
      return await work();
    } catch (err) {
      setError((err as Error).message);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { error, busy, run, clear: useCallback(() => setError(undefined), []) };
}
