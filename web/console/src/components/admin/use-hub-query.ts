import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../api/hub-error';
import { useConsole } from '../contexts';

export interface HubQuery<T> {
  /** Null until the first answer. */
  data: T | null;
  error: string | null;
  /** Asks again (after a change); resolves once the answer is applied. */
  reload(): Promise<void>;
}

/** One GraphQL query an admin screen shows, loaded on mount and reloaded after each change. */
export function useHubQuery<T>(query: string): HubQuery<T> {
  const session = useConsole();
  const [state, setState] = useState<{ data: T | null; error: string | null }>({ data: null, error: null });

  const reload = useCallback(async () => {
    try {
      const data = await session.api.request<T>(query);
      setState({ data, error: null });
    } catch (e) {
      setState((s) => ({ data: s.data, error: errorMessage(e) }));
    }
  }, [session, query]);

  useEffect(() => {
    let live = true;
    session.api.request<T>(query).then(
      (data) => live && setState({ data, error: null }),
      (e: unknown) => live && setState((s) => ({ data: s.data, error: errorMessage(e) })),
    );
    return () => {
      live = false;
    };
  }, [session, query]);

  return { ...state, reload };
}
