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
    ['/console/integrations', { screen: 'integrations' }],
    ['/console/agents', { screen: 'agents' }],
    ['/console/teams', { screen: 'teams' }],
    ['/console/tags', { screen: 'tags' }],
    ['/console/routing', { screen: 'routing' }],
    ['/console/invite/Ab3_-x', { screen: 'invite', token: 'Ab3_-x' }],
    ['/console/invite', { screen: 'chats', conversationId: null }],
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
    { screen: 'integrations' },
    { screen: 'agents' },
    { screen: 'routing' },
    { screen: 'teams' },
    { screen: 'tags' },
    { screen: 'invite', token: 'Ab3_-x' },
  ])('round-trips %p', (route) => {
    expect(parseRoute(routePath(route))).toEqual(route);
  });
});
