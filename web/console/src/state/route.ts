/** The console's screens, as paths under /console (the hub serves index.html for all of them). */
export type Route =
  | { screen: 'chats'; conversationId: string | null }
  | { screen: 'canned' }
  | { screen: 'supervision' }
  | { screen: 'settings' }
  | { screen: 'integrations' }
  | { screen: 'agents' }
  | { screen: 'teams' }
  | { screen: 'tags' }
  | { screen: 'routing' }
  /** An invitation link: choose a password (signed in or not). */
  | { screen: 'invite'; token: string };

export const BASE_PATH = '/console';

/** Screens whose path is just their name. */
const PLAIN_SCREENS = [
  'canned',
  'supervision',
  'settings',
  'integrations',
  'agents',
  'teams',
  'tags',
  'routing',
] as const;
type PlainScreen = (typeof PLAIN_SCREENS)[number];

function isPlainScreen(name: string | undefined): name is PlainScreen {
  return (PLAIN_SCREENS as readonly (string | undefined)[]).includes(name);
}

export function parseRoute(pathname: string): Route {
  const rest = pathname.startsWith(BASE_PATH) ? pathname.slice(BASE_PATH.length) : pathname;
  const parts = rest.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'chats') return { screen: 'chats', conversationId: parts[1] ?? null };
  if (parts[0] === 'invite' && parts[1]) return { screen: 'invite', token: parts[1] };
  if (isPlainScreen(parts[0])) return { screen: parts[0] };
  return { screen: 'chats', conversationId: null };
}

export function routePath(route: Route): string {
  switch (route.screen) {
    case 'chats':
      return route.conversationId
        ? `${BASE_PATH}/chats/${encodeURIComponent(route.conversationId)}`
        : `${BASE_PATH}/`;
    case 'invite':
      return `${BASE_PATH}/invite/${encodeURIComponent(route.token)}`;
    case 'canned':
    case 'supervision':
    case 'settings':
    case 'integrations':
    case 'agents':
    case 'teams':
    case 'tags':
    case 'routing':
      return `${BASE_PATH}/${route.screen}`;
  }
}
