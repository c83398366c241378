// Lists page through the API's cursors: the first page on load (and whenever the query changes), more on request.
import { useCallback, useEffect, useState } from 'react';

export interface PageOf<T> {
  items: T[];
  next?: string;
}

export interface Paged<T> {
  items: T[] | undefined;
  error: string | undefined;
  /** Whether the server has more after the loaded items. */
  more: boolean;
  loadMore(): void;
  reload(): void;
}

export function usePaged<T>(fetchPage: (cursor: string | undefined) => Promise<PageOf<T>>, key: string): Paged<T> {
  const [items, setItems] = useState<T[]>();
  const [next, setNext] = useState<string>();
  const [error, setError] = useState<string>();
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    setError(undefined);
    fetchPage(undefined).then(
      (page) => {
        if (current) {
          setItems(page.items);
          setNext(page.next);
        }
      },
      (e: Error) => {
        if (current) {
          setError(e.message);
          setItems([]);
          setNext(undefined);
        }
      },
    );
    return () => {
      current = false;
    };
    // fetchPage is a fresh closure every render; the key says when the query really changed.
  }, [key, generation]);
  const loadMore = useCallback(() => {
    fetchPage(next).then(
      (page) => {
        setItems((old) => [...(old ?? []), ...page.items]);
        setNext(page.next);
      },
      (e: Error) => setError(e.message),
    );
  }, [fetchPage, next]);
  return { items, error, more: next !== undefined, loadMore, reload: () => setGeneration((g) => g + 1) };
}

export function formatTime(iso: string | null | undefined, none = 'never'): string {
  return iso ? new Date(iso).toLocaleString() : none;
}
