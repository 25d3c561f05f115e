import { describe, expect, it } from '@jest/globals';
import type { ClientFrame } from '../shared/protocol';
import { VisitorDetails } from './visitor-details';

const home = { url: 'https://shop.example.com/', title: 'Home', referrer: '' };
const pricing = { url: 'https://shop.example.com/pricing', title: 'Pricing', referrer: '' };

type Change = (details: VisitorDetails) => void;

describe('VisitorDetails', () => {
  it.each<[string, Change[], boolean, ClientFrame[]]>([
    ['nothing set, first connection: nothing to resend', [], false, []],
    [
      'nothing set, a reconnect: the page only',
      [],
      true,
      [{ type: 'page', url: home.url, title: home.title }],
    ],
    [
      'profile merged from several calls, variables merged, the latest page',
      [
        (d) => d.setProfile({ name: 'Ada' }),
        (d) => d.setProfile({ email: 'ada@example.com' }),
        (d) => d.addSessionVariables({ plan: 'pro' }),
        (d) => d.addSessionVariables({ cart: '3' }),
        (d) => d.setPage(pricing),
      ],
      true,
      [
        { type: 'profile', name: 'Ada', email: 'ada@example.com' },
        { type: 'session_variables', variables: { plan: 'pro', cart: '3' } },
        { type: 'page', url: pricing.url, title: pricing.title },
      ],
    ],
    ['an empty profile is not resent', [(d) => d.setProfile({ name: '', email: undefined })], false, []],
  ])('resend after: %s', (_name, changes, withPage, expected) => {
    const sent: ClientFrame[] = [];
    const details = new VisitorDetails(home, (frame) => sent.push(frame) > 0);
    for (const change of changes) change(details);
    sent.length = 0;
    details.resend(withPage);
    expect(sent).toEqual(expected);
  });

  it.each<[string, Change, ClientFrame]>([
    [
      'profile: only the fields given',
      (d) => d.setProfile({ email: 'ada@example.com' }),
      { type: 'profile', email: 'ada@example.com' },
    ],
    [
      'session variables: all of them so far',
      (d) => d.addSessionVariables({ b: '2' }),
      { type: 'session_variables', variables: { a: '1', b: '2' } },
    ],
    ['page', (d) => d.setPage(pricing), { type: 'page', url: pricing.url, title: pricing.title }],
  ])('sends a change at once: %s', (_name, change, expected) => {
    const sent: ClientFrame[] = [];
    const details = new VisitorDetails(home, (frame) => sent.push(frame) > 0);
    details.addSessionVariables({ a: '1' });
    sent.length = 0;
    change(details);
    expect(sent).toEqual([expected]);
  });

  it('keeps the current page for the next hello', () => {
    const details = new VisitorDetails(home, () => false);
    details.setPage(pricing);
    expect(details.currentPage()).toBe(pricing);
  });
});
