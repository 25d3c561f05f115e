import { placementFor } from './queue-placement';
import type { RoutingContext, RoutingPolicy } from './policy/routing-policy.types';
import type { WorkspaceRouting } from './routing-settings.repository';
import { DEFAULT_TEAM_ROUTING, type TeamRoutingSettings } from './team-routing-settings';

const SALES = '00000000-0000-4000-8000-000000000001';
const NIGHT = '00000000-0000-4000-8000-000000000002';
const GONE = '00000000-0000-4000-8000-000000000009';
const BOT = '00000000-0000-4000-8000-0000000000b0';

// Sales: Monday-Friday 09:00-17:00 UTC. Night: always open.
const officeHours = {
  timeZone: 'UTC',
  weekly: [1, 2, 3, 4, 5].map((day) => ({ day: day as 1, from: '09:00', to: '17:00' })),
};
const MONDAY_NOON = new Date('2026-12-07T12:00:00Z');
const MONDAY_EVENING = new Date('2026-12-07T17:00:00Z');

const context = (contact: RoutingContext['contact'] = {}): RoutingContext => ({
  integrationId: 'i1',
  channel: 'widget',
  prechat: {},
  contact,
  pageUrl: null,
  language: null,
  tags: [],
});

function setup(
  policy: Partial<RoutingPolicy>,
  teams: Record<string, Partial<TeamRoutingSettings>>,
): WorkspaceRouting {
  return {
    policy: { rules: [], defaultAction: {}, ...policy },
    pool: DEFAULT_TEAM_ROUTING,
    teams: new Map(Object.entries(teams).map(([id, t]) => [id, { ...DEFAULT_TEAM_ROUTING, ...t }])),
    externalRouter: null,
  };
}

const toSales = (teams: Record<string, Partial<TeamRoutingSettings>>) =>
  setup({ defaultAction: { teamId: SALES, priority: 60, requiredSkills: ['billing'] } }, teams);

describe('placementFor', () => {
  it.each([
    [
      'an open team',
      toSales({ [SALES]: { businessHours: officeHours } }),
      MONDAY_NOON,
      { teamId: SALES, status: 'queued' },
      {},
    ],
    [
      'a closed team with an open overflow team',
      toSales({ [SALES]: { businessHours: officeHours, overflowTeamId: NIGHT }, [NIGHT]: {} }),
      MONDAY_EVENING,
      { teamId: NIGHT, status: 'queued' },
      { overflow: 'closed', teamId: SALES },
    ],
    [
      'a closed team whose overflow team is closed too',
      toSales({
        [SALES]: { businessHours: officeHours, overflowTeamId: NIGHT },
        [NIGHT]: { businessHours: officeHours },
      }),
      MONDAY_EVENING,
      { teamId: SALES, status: 'pending' },
      { overflow: 'offline_message' },
    ],
    [
      'a closed team without an overflow team',
      toSales({ [SALES]: { businessHours: officeHours } }),
      MONDAY_EVENING,
      { teamId: SALES, status: 'pending' },
      { overflow: 'offline_message' },
    ],
    [
      'a team deleted since the rule was saved (the pool instead)',
      setup({ defaultAction: { teamId: GONE } }, {}),
      MONDAY_NOON,
      { teamId: null, status: 'queued' },
      { unknownTeamId: GONE },
    ],
  ])('places a conversation routed to %s', (_name, routing, now, expected, reason) => {
    const placement = placementFor(routing, { id: 'c1', context: context() }, now);
    expect(placement).toMatchObject(expected);
    expect(placement.reason).toMatchObject({ ruleId: null, decidedAt: now.toISOString(), ...reason });
  });

  it("keeps a team a person chose before routing ran, with the rule's priority and skills", () => {
    const routing = toSales({ [SALES]: {}, [NIGHT]: {} });
    expect(placementFor(routing, { id: 'c1', context: context() }, MONDAY_NOON, NIGHT)).toMatchObject({
      teamId: NIGHT,
      status: 'queued',
      priority: 60,
      requiredSkills: ['billing'],
      reason: { teamId: NIGHT, teamSetBy: 'transfer' },
    });
  });

  it('carries the rule, priority, skills, preferred agent and bot', () => {
    const routing = setup(
      {
        rules: [
          {
            id: 'vip',
            name: 'VIP',
            enabled: true,
            conditions: [{ type: 'contactAttribute', attribute: 'tier', operator: 'equals', value: 'vip' }],
            action: { priority: 95, requiredSkills: ['vip'], preferredAgentId: 'agent-1', botAgentId: BOT },
          },
        ],
      },
      {},
    );
    expect(placementFor(routing, { id: 'c1', context: context({ tier: 'VIP' }) }, MONDAY_NOON)).toMatchObject(
      {
        priority: 95,
        requiredSkills: ['vip'],
        preferredAgentId: 'agent-1',
        botAgentId: BOT,
        teamId: null,
        status: 'queued',
        reason: { ruleId: 'vip', ruleName: 'VIP' },
      },
    );
    expect(
      placementFor(routing, { id: 'c2', context: context({ tier: 'basic' }) }, MONDAY_NOON),
    ).toMatchObject({
      priority: 50,
      requiredSkills: [],
      preferredAgentId: null,
      botAgentId: null,
      reason: { ruleId: null },
    });
  });
});
