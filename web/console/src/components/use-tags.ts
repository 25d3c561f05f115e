import { useEffect, useState } from 'react';
import { TAGS } from '../api/graphql-documents';
import { useConsole } from './contexts';

/** Every tag used in the workspace (suggestions and the resolved tab's filter). */
export function useWorkspaceTags(refreshKey: unknown = null): string[] {
  const session = useConsole();
  const [tags, setTags] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    session.api
      .request<{ tags: string[] }>(TAGS)
      .then((r) => live && setTags(r.tags))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [session, refreshKey]);
  return tags;
}
