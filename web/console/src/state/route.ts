/** The console's screens, as paths under /console (the hub serves index.html for all of them). */
export type Route =
  | { screen: 'chats'; conversationId: string | null }
  | { screen: 'canned' }
  | { screen: 'supervision' }
  | { screen: 'settings' };

export const BASE_PATH = '/console';

export function parseRoute(pathname: string): Route {
  const rest = pathname.startsWith(BASE_PATH) ? pathname.slice(BASE_PATH.length) : pathname;
  const parts = rest.split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case 'chats':
      return { screen: 'chats', conversationId: parts[1] ?? null };
    case 'canned':
      return { screen: 'canned' };
    case 'supervision':
      return { screen: 'supervision' };
    case 'settings':
      return { screen: 'settings' };
    default:
      return { screen: 'chats', conversationId: null };
  }
}

export function routePath(route: Route): string {
  switch (route.screen) {
    case 'chats':
      return route.conversationId
        ? `${BASE_PATH}/chats/${encodeURIComponent(route.conversationId)}`
        : `${BASE_PATH}/`;
    case 'canned':
    case 'supervision':
    case 'settings':
      return `${BASE_PATH}/${route.screen}`;
  }
}
