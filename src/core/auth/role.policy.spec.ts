import type { AgentRole } from '../agents/agent.entity';
import { canManageRole } from './role.policy';

describe('canManageRole', () => {
  it.each<[AgentRole, AgentRole, boolean]>([
    ['owner', 'owner', true],
    ['owner', 'admin', true],
    ['owner', 'agent', true],
    ['admin', 'owner', false],
    ['admin', 'admin', true],
    ['admin', 'agent', true],
    ['agent', 'owner', false],
    ['agent', 'admin', false],
    ['agent', 'agent', false],
  ])('%s managing %s → %s', (actor, target, allowed) => {
    expect(canManageRole(actor, target)).toBe(allowed);
  });
});
