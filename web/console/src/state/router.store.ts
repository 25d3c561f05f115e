import { parseRoute, routePath, type Route } from './route';
import { Store } from './store';

/** The current screen, in the address bar (history API) so a reload or a link keeps it. */
export class RouterStore extends Store<{ route: Route }> {
  constructor() {
    super({ route: parseRoute(window.location.pathname) });
    window.addEventListener('popstate', () => this.setState({ route: parseRoute(window.location.pathname) }));
  }

  navigate(route: Route, replace = false): void {
    const path = routePath(route);
    if (path !== window.location.pathname) {
      if (replace) window.history.replaceState(null, '', path);
      else window.history.pushState(null, '', path);
    }
    this.setState({ route });
  }

  openChat(conversationId: string | null): void {
    this.navigate({ screen: 'chats', conversationId });
  }
}
