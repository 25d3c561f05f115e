import type { AgentRole } from '../agents/agent.entity';
import { DomainError } from '../errors/domain-error';
import {
  assertCanManage,
  cannedResponseSearch,
  ownerAfterChange,
  validCannedResponse,
  validShortcut,
  validText,
  validTitle,
} from './canned-response.policy';

function codeOf(call: () => unknown): string | undefined {
  try {
    call();
  } catch (e) {
    return e instanceof DomainError ? e.code : `not a DomainError: ${String(e)}`;
  }
  return undefined;
}

describe('canned response validation', () => {
  it.each([
    ['greet', 'greet'],
    ['  Refund-Policy ', 'refund-policy'],
    ['order_status-2', 'order_status-2'],
    ['x'.repeat(40), 'x'.repeat(40)],
  ])('accepts shortcut %j as %j', (raw, shortcut) => {
    expect(validShortcut(raw)).toBe(shortcut);
  });

  it.each<[string, () => unknown]>([
    ['an empty shortcut', () => validShortcut('')],
    ['a blank shortcut', () => validShortcut('   ')],
    ['a 41-character shortcut', () => validShortcut('x'.repeat(41))],
    ['a shortcut with a space', () => validShortcut('thank you')],
    ['a shortcut with a slash', () => validShortcut('/greet')],
    ['a shortcut with a dot', () => validShortcut('greet.v2')],
    ['a shortcut with an accent', () => validShortcut('café')],
    ['a shortcut with a LIKE wildcard', () => validShortcut('gr%')],
    ['an empty title', () => validTitle('')],
    ['a blank title', () => validTitle(' \n ')],
    ['a 101-character title', () => validTitle('t'.repeat(101))],
    ['an empty text', () => validText('')],
    ['a text of NUL characters only', () => validText('\u0000\u0000')],
    ['a 5001-character text', () => validText('a'.repeat(5001))],
    ['a 201-character search', () => cannedResponseSearch('s'.repeat(201))],
  ])('rejects %s as INVALID_INPUT', (_what, call) => {
    expect(codeOf(call)).toBe('INVALID_INPUT');
  });

  it('names the rule a bad shortcut broke', () => {
    expect(() => validShortcut('thank you')).toThrow(/1 to 40 characters of a-z, 0-9, - and _/);
  });

  it('trims, drops NUL characters, keeps the limits inclusive and defaults to personal', () => {
    expect(
      validCannedResponse({
        shortcut: ' Hi ',
        title: ` ${'t'.repeat(100)} `,
        text: `Hello\u0000 there\n${'a'.repeat(4980)}`,
      }),
    ).toEqual({
      shortcut: 'hi',
      title: 't'.repeat(100),
      text: `Hello there\n${'a'.repeat(4980)}`,
      shared: false,
    });
  });
});

describe('cannedResponseSearch', () => {
  it.each([
    [undefined, undefined],
    [null, undefined],
    ['   ', undefined],
    ['Refund', { prefix: 'Refund%', contains: '%Refund%' }],
    [' 50% ', { prefix: '50\\%%', contains: '%50\\%%' }],
    ['order_id', { prefix: 'order\\_id%', contains: '%order\\_id%' }],
    ['C:\\temp', { prefix: 'C:\\\\temp%', contains: '%C:\\\\temp%' }],
  ])('%j → %j', (raw, patterns) => {
    expect(cannedResponseSearch(raw)).toEqual(patterns);
  });
});

describe('who may own and manage a canned response', () => {
  const actor = (role: AgentRole) => ({ agentId: 'me', role });
  const shared = { shared: true };
  const mine = { shared: false };

  it.each<[string, AgentRole, { shared: boolean } | undefined, boolean, string | null]>([
    ['an agent creates a personal one', 'agent', undefined, false, 'me'],
    ['an admin creates a shared one', 'admin', undefined, true, null],
    ['an owner creates a shared one', 'owner', undefined, true, null],
    ['an admin creates a personal one', 'admin', undefined, false, 'me'],
    ['an agent keeps their own personal', 'agent', mine, false, 'me'],
    ['an admin shares their own', 'admin', mine, true, null],
    ['an admin edits a shared one', 'admin', shared, true, null],
    ['an admin takes a shared one as their own', 'admin', shared, false, 'me'],
  ])('%s', (_what, role, existing, wantShared, owner) => {
    expect(ownerAfterChange(actor(role), existing, wantShared)).toBe(owner);
  });

  it.each<[string, { shared: boolean } | undefined, boolean]>([
    ['create a shared one', undefined, true],
    ['share their own', mine, true],
    ['edit a shared one', shared, true],
    ['turn a shared one into their own', shared, false],
  ])('refuses an agent who tries to %s as FORBIDDEN', (_what, existing, wantShared) => {
    expect(codeOf(() => ownerAfterChange(actor('agent'), existing, wantShared))).toBe('FORBIDDEN');
  });

  it.each<[AgentRole, { shared: boolean }, string | undefined]>([
    ['agent', mine, undefined],
    ['agent', shared, 'FORBIDDEN'],
    ['admin', shared, undefined],
    ['owner', shared, undefined],
  ])('lets a %s delete %j: %s', (role, existing, code) => {
    expect(codeOf(() => assertCanManage(actor(role), existing))).toBe(code);
  });
});
