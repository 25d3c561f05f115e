import { describe, expect, it } from '@jest/globals';
import type { Invitation } from '../shared/protocol';
import { pickInvitation, urlMatches } from './invitation-rules';

describe('urlMatches', () => {
  it.each([
    [null, 'https://shop.example.com/', true],
    ['', 'https://shop.example.com/anything', true],
    ['*', 'https://shop.example.com/anything', true],
    ['https://shop.example.com/pricing', 'https://shop.example.com/pricing', true],
    ['https://shop.example.com/pricing', 'https://shop.example.com/pricing?plan=pro', false],
    ['https://shop.example.com/pricing*', 'https://shop.example.com/pricing?plan=pro', true],
    ['*/pricing', 'https://shop.example.com/pricing', true],
    ['*/pricing', 'https://shop.example.com/pricing/enterprise', false],
    ['*/checkout/*', 'https://shop.example.com/checkout/step-2', true],
    ['*/checkout/*', 'https://shop.example.com/cart', false],
    // Regex metacharacters in the pattern are literal, not a regular expression.
    ['https://shop.example.com/a.b', 'https://shop.example.com/axb', false],
    ['https://shop.example.com/?q=(x)', 'https://shop.example.com/?q=(x)', true],
    ['*example.com*', 'https://evil.test/?example.com', true],
    ['https://*.example.com/*', 'https://blog.example.com/post', true],
    ['https://*.example.com/*', 'http://blog.example.com/post', false],
  ])('pattern %p against %p → %p', (pattern, url, expected) => {
    expect(urlMatches(pattern, url)).toBe(expected);
  });
});

describe('pickInvitation', () => {
  const invitation = (over: Partial<Invitation>): Invitation => ({
    id: 'inv',
    message: 'Need help?',
    agentName: 'Ada',
    delaySeconds: 5,
    urlPattern: null,
    minVisits: 1,
    returningOnly: false,
    ...over,
  });
  const pricing = invitation({ id: 'pricing', urlPattern: '*/pricing*' });
  const loyal = invitation({ id: 'loyal', minVisits: 3 });
  const returning = invitation({ id: 'returning', returningOnly: true });
  const anyPage = invitation({ id: 'any' });
  const base = { url: 'https://shop.example.com/pricing', visits: 1, dismissed: [], busy: false };

  it.each([
    ['the first matching one in configured order', [pricing, anyPage], base, 'pricing'],
    [
      'skips a url that does not match',
      [pricing, anyPage],
      { ...base, url: 'https://shop.example.com/' },
      'any',
    ],
    ['minVisits not reached', [loyal], { ...base, visits: 2 }, null],
    ['minVisits reached', [loyal], { ...base, visits: 3 }, 'loyal'],
    ['returningOnly on a first visit', [returning], base, null],
    ['returningOnly on a second visit', [returning], { ...base, visits: 2 }, 'returning'],
    [
      'a dismissed invitation is not shown again',
      [pricing, anyPage],
      { ...base, dismissed: ['pricing'] },
      'any',
    ],
    ['nothing while a chat is going on', [anyPage], { ...base, busy: true }, null],
    ['no invitations configured', [], base, null],
  ])('%s', (_name, invitations, context, expectedId) => {
    expect(pickInvitation(invitations, context)?.id ?? null).toBe(expectedId);
  });
});
