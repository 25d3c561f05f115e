import { DomainError } from '../errors/domain-error';
import type { AgentStatus } from './agent.entity';
import {
  agentChangeEffects,
  freesRoutingCapacity,
  validCapacity,
  validEmail,
  validName,
  validPassword,
} from './agent.service';

describe('freesRoutingCapacity', () => {
  it.each<[AgentStatus, number, AgentStatus, number, boolean]>([
    ['offline', 5, 'accepting', 5, true],
    ['not_accepting', 5, 'accepting', 5, true],
    ['accepting', 5, 'accepting', 6, true],
    ['accepting', 5, 'accepting', 5, false],
    ['accepting', 5, 'accepting', 4, false],
    ['accepting', 5, 'offline', 10, false],
    ['offline', 5, 'not_accepting', 10, false],
  ])('%s/%i → %s/%i: %s', (s1, c1, s2, c2, expected) => {
    expect(freesRoutingCapacity({ status: s1, capacity: c1 }, { status: s2, capacity: c2 })).toBe(expected);
  });
});

describe('agentChangeEffects', () => {
  const assignQueued = { kind: 'job', queue: 'routing', name: 'assign-queued', data: { workspaceId: 'ws' } };
  const statusChanged = (status: AgentStatus) => ({
    kind: 'event',
    event: { type: 'agent.status_changed', workspaceId: 'ws', agentId: 'a1', status },
  });

  it.each<[AgentStatus, number, AgentStatus, number, object[]]>([
    ['offline', 5, 'accepting', 5, [assignQueued, statusChanged('accepting')]],
    ['accepting', 5, 'offline', 5, [statusChanged('offline')]],
    ['not_accepting', 5, 'offline', 5, [statusChanged('offline')]],
    ['accepting', 5, 'not_accepting', 5, [statusChanged('not_accepting')]],
    ['accepting', 5, 'accepting', 6, [assignQueued]],
    ['accepting', 5, 'accepting', 5, []],
    ['offline', 5, 'offline', 9, []],
  ])('%s/%i → %s/%i', (s1, c1, s2, c2, effects) => {
    expect(
      agentChangeEffects(
        'ws',
        { id: 'a1', status: s1, capacity: c1 },
        { id: 'a1', status: s2, capacity: c2 },
      ),
    ).toEqual(effects);
  });
});

describe('agent input validation', () => {
  it.each([
    ['  Ada@Example.COM ', 'ada@example.com'],
    ['a.b+tag@sub.example.org', 'a.b+tag@sub.example.org'],
  ])('normalises email %j', (raw, email) => {
    expect(validEmail(raw)).toBe(email);
  });

  it.each<[string, () => unknown]>([
    ['an email without @', () => validEmail('ada.example.com')],
    ['an email with spaces', () => validEmail('ada lovelace@example.com')],
    ['an empty name', () => validName('   ')],
    ['a 101-character name', () => validName('x'.repeat(101))],
    ['a 7-character password', () => validPassword('1234567')],
    ['a negative capacity', () => validCapacity(-1)],
    ['a fractional capacity', () => validCapacity(1.5)],
    ['a capacity over 1000', () => validCapacity(1001)],
  ])('rejects %s as INVALID_INPUT', (_what, call) => {
    expect(call).toThrow(DomainError);
    try {
      call();
    } catch (e) {
      expect((e as DomainError).code).toBe('INVALID_INPUT');
    }
  });
});
