import { describe, expect, it } from '@jest/globals';
import { parseRoute, routePath, type Route } from './route';

describe('routes', () => {
  it.each<[string, Route]>([
    ['/console', { screen: 'chats', conversationId: null }],
    ['/console/', { screen: 'chats', conversationId: null }],
    ['/console/chats/8c1f', { screen: 'chats', conversationId: '8c1f' }],
    ['/console/canned', { screen: 'canned' }],
    ['/console/supervision', { screen: 'supervision' }],
    ['/console/settings', { screen: 'settings' }],
    ['/console/unknown/thing', { screen: 'chats', conversationId: null }],
  ])('%s', (path, route) => {
    expect(parseRoute(path)).toEqual(route);
  });

  it.each<Route>([
    { screen: 'chats', conversationId: null },
    { screen: 'chats', conversationId: 'a b/c' },
    { screen: 'canned' },
    { screen: 'supervision' },
    { screen: 'settings' },
  ])('round-trips %p', (route) => {
    expect(parseRoute(routePath(route))).toEqual(route);
  });
});
