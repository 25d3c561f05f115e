import { DataSource } from 'typeorm';
import {
  createAgent,
  createApiIntegration,
  createConversation,
  createWorkspaceWithAdmin,
  errorCode,
  gql,
  ok,
} from '../support/factories';
import { eventually, startHub, TestHub } from '../support/hub';

const SET_POLICY = 'mutation($p: JSONObject!) { setRoutingPolicy(policy: $p) }';
const SET_TEAM = 'mutation($t: ID, $s: JSONObject!) { setTeamRouting(teamId: $t, settings: $s) }';
const CREATE_TEAM = 'mutation($n: String!) { createTeam(name: $n) { id } }';
const ADD_MEMBER = 'mutation($t: ID!, $a: ID!) { addTeamMember(teamId: $t, agentId: $a) { id } }';
const ROUTING =
  'query($id: ID!) { conversation(id: $id) { status assignee { id } routing { priority queuePosition etaSeconds reason } } }';

interface Routed {
  conversation: {
    status: string;
    assignee: { id: string } | null;
    routing: {
      priority: number;
      queuePosition: number | null;
      etaSeconds: number | null;
      reason: Record<string, unknown>;
    };
  };
}

/** Routing through GraphQL as an admin and an agent use it (docs/routing.md, Visibility). */
describe('routing API', () => {
  let hub: TestHub;
  let db: DataSource;

  beforeAll(async () => {
    hub = await startHub();
    db = hub.app.get(DataSource);
  });
  afterAll(() => hub.close());

  it('edits rules, team settings, skills and tiers; explains and queues a chat; agents pick from a manual queue', async () => {
    const { workspaceId, admin } = await createWorkspaceWithAdmin(hub.app);
    const integration = await createApiIntegration(hub.url, admin.token);
    const grace = await createAgent(hub.app, workspaceId, { status: 'offline', capacity: 2 });
    const teamId = ok(
      await gql<{ createTeam: { id: string } }>(hub.url, admin.token, CREATE_TEAM, { n: 'Sales' }),
    ).createTeam.id;
    ok(await gql(hub.url, admin.token, ADD_MEMBER, { t: teamId, a: grace.id }));

    // Settings and rules, validated on save.
    const saved = ok(
      await gql<{ setTeamRouting: Record<string, unknown> }>(hub.url, admin.token, SET_TEAM, {
        t: teamId,
        s: { strategy: 'manual', slaSeconds: 30 },
      }),
    ).setTeamRouting;
    expect(saved).toMatchObject({
      strategy: 'manual',
      slaSeconds: 30,
      returningCustomer: false,
      businessHours: null,
    });
    const invalid = await gql(hub.url, admin.token, SET_TEAM, {
      t: teamId,
      s: { strategy: 'random', slaSeconds: -1 },
    });
    expect(errorCode(invalid)).toBe('BAD_USER_INPUT');
    expect(invalid.errors?.[0]?.message).toMatch(/strategy[\s\S]*slaSeconds/);
    ok(
      await gql(hub.url, admin.token, SET_POLICY, {
        p: { rules: [], defaultAction: { teamId, priority: 70 } },
      }),
    );
    const badPolicy = await gql(hub.url, admin.token, SET_POLICY, {
      p: {
        rules: [
          {
            id: 'x',
            name: 'X',
            enabled: true,
            conditions: [{ type: 'language', operator: 'in' }],
            action: {},
          },
        ],
        defaultAction: {},
      },
    });
    expect(errorCode(badPolicy)).toBe('BAD_USER_INPUT');
    expect(badPolicy.errors?.[0]?.message).toContain('rules.0.conditions.0');
    expect(
      ok(await gql<{ routingPolicy: unknown }>(hub.url, admin.token, '{ routingPolicy }')).routingPolicy,
    ).toMatchObject({
      defaultAction: { teamId, priority: 70 },
    });

    ok(
      await gql(
        hub.url,
        admin.token,
        'mutation($a: ID!) { setAgentSkills(agentId: $a, skills: { billing: 3 }) }',
        { a: grace.id },
      ),
    );
    expect(
      errorCode(
        await gql(
          hub.url,
          admin.token,
          'mutation($a: ID!) { setAgentSkills(agentId: $a, skills: { billing: 9 }) }',
          { a: grace.id },
        ),
      ),
    ).toBe('BAD_USER_INPUT');
    ok(
      await gql(
        hub.url,
        admin.token,
        'mutation($t: ID!, $a: ID!) { setTeamMemberTier(teamId: $t, agentId: $a, tier: FIRST) }',
        { t: teamId, a: grace.id },
      ),
    );
    const agents = ok(
      await gql<{ agents: { id: string; skills: Record<string, number> }[] }>(
        hub.url,
        admin.token,
        '{ agents { id skills } }',
      ),
    ).agents;
    expect(agents.find((a) => a.id === grace.id)?.skills).toEqual({ billing: 3 });
    const teams = ok(
      await gql<{ teams: { id: string; memberTiers: { agentId: string; tier: string }[] }[] }>(
        hub.url,
        admin.token,
        '{ teams { id memberTiers { agentId tier } } }',
      ),
    ).teams;
    expect(teams.find((t) => t.id === teamId)?.memberTiers).toEqual([{ agentId: grace.id, tier: 'FIRST' }]);

    // Agents may read, not change.
    expect(
      errorCode(await gql(hub.url, grace.token, SET_POLICY, { p: { rules: [], defaultAction: {} } })),
    ).toBe('FORBIDDEN');
    expect(errorCode(await gql(hub.url, grace.token, '{ routingPolicy }'))).toBe('FORBIDDEN');

    // The external router: the secret goes in, never out.
    const secret = `whsec_${Buffer.from('a-secret-of-enough-length-123').toString('base64')}`;
    ok(
      await gql(
        hub.url,
        admin.token,
        'mutation($s: String) { setExternalRouter(url: "http://127.0.0.1:9/route", secret: $s, timeoutMs: 300) }',
        {
          s: secret,
        },
      ),
    );
    const router = await gql<{ externalRouter: unknown }>(
      hub.url,
      admin.token,
      '{ externalRouter { url timeoutMs } }',
    );
    expect(ok(router).externalRouter).toEqual({ url: 'http://127.0.0.1:9/route', timeoutMs: 300 });
    expect(router.raw).not.toContain('whsec_');
    expect(
      errorCode(
        await gql(
          hub.url,
          admin.token,
          'mutation { setExternalRouter(url: "ftp://x", secret: "whsec_x", timeoutMs: 300) }',
        ),
      ),
    ).toBe('BAD_USER_INPUT');

    // A chat waits in the manual queue, explained; the agent picks it once accepting.
    const { conversationId } = await createConversation(hub.app, integration);
    const waiting = await eventually(async () => {
      const c = ok(await gql<Routed>(hub.url, admin.token, ROUTING, { id: conversationId })).conversation;
      return c.routing.reason ? c : undefined;
    });
    expect(waiting).toMatchObject({
      status: 'QUEUED',
      assignee: null,
      routing: { priority: 70, queuePosition: 1, etaSeconds: null, reason: { ruleId: null, teamId } },
    });
    const queues = ok(
      await gql<{
        routingQueues: { teamId: string | null; waiting: number; strategy: string; slaSeconds: number }[];
      }>(hub.url, admin.token, '{ routingQueues { teamId waiting strategy slaSeconds } }'),
    ).routingQueues;
    expect(queues.find((q) => q.teamId === teamId)).toEqual({
      teamId,
      waiting: 1,
      strategy: 'manual',
      slaSeconds: 30,
    });

    const pick = 'mutation($c: ID!) { pickConversation(conversationId: $c) { status assignee { id } } }';
    expect(errorCode(await gql(hub.url, grace.token, pick, { c: conversationId }))).toBe('CONFLICT');
    ok(await gql(hub.url, grace.token, 'mutation { setMyStatus(status: ACCEPTING) { id } }'));
    expect(
      ok(await gql<{ pickConversation: unknown }>(hub.url, grace.token, pick, { c: conversationId }))
        .pickConversation,
    ).toEqual({
      status: 'OPEN',
      assignee: { id: grace.id },
    });
    expect(errorCode(await gql(hub.url, grace.token, pick, { c: conversationId }))).toBe('CONFLICT');
    const [{ reason }]: { reason: Record<string, unknown> }[] = await db.query(
      'SELECT routing_reason AS reason FROM conversations WHERE id = $1',
      [conversationId],
    );
    expect(reason).toMatchObject({ choice: 'picked', teamId, ruleId: null });
  });

  it("never reads or changes another workspace's routing", async () => {
    const a = await createWorkspaceWithAdmin(hub.app);
    const b = await createWorkspaceWithAdmin(hub.app);
    const teamOfB = ok(
      await gql<{ createTeam: { id: string } }>(hub.url, b.admin.token, CREATE_TEAM, { n: 'B team' }),
    ).createTeam.id;
    const agentOfB = await createAgent(hub.app, b.workspaceId);
    expect(
      errorCode(await gql(hub.url, a.admin.token, SET_TEAM, { t: teamOfB, s: { strategy: 'manual' } })),
    ).toBe('NOT_FOUND');
    expect(
      errorCode(
        await gql(hub.url, a.admin.token, 'query($t: ID) { teamRouting(teamId: $t) }', { t: teamOfB }),
      ),
    ).toBe('NOT_FOUND');
    expect(
      errorCode(
        await gql(hub.url, a.admin.token, SET_POLICY, {
          p: { rules: [], defaultAction: { teamId: teamOfB } },
        }),
      ),
    ).toBe('BAD_USER_INPUT');
    expect(
      errorCode(
        await gql(
          hub.url,
          a.admin.token,
          'mutation($a: ID!) { setAgentSkills(agentId: $a, skills: { x: 1 }) }',
          { a: agentOfB.id },
        ),
      ),
    ).toBe('NOT_FOUND');
    expect(
      errorCode(
        await gql(
          hub.url,
          a.admin.token,
          'mutation($t: ID!, $a: ID!) { setTeamMemberTier(teamId: $t, agentId: $a, tier: LAST) }',
          {
            t: teamOfB,
            a: agentOfB.id,
          },
        ),
      ),
    ).toBe('NOT_FOUND');
    const integrationB = await createApiIntegration(hub.url, b.admin.token);
    const { conversationId } = await createConversation(hub.app, integrationB);
    const stranger = await createAgent(hub.app, a.workspaceId, { status: 'accepting' });
    expect(
      errorCode(
        await gql(
          hub.url,
          stranger.token,
          'mutation($c: ID!) { pickConversation(conversationId: $c) { id } }',
          { c: conversationId },
        ),
      ),
    ).toBe('NOT_FOUND');
    expect(
      ok(await gql<{ routingQueues: unknown[] }>(hub.url, a.admin.token, '{ routingQueues { teamId } }'))
        .routingQueues,
    ).toEqual([{ teamId: null }]);
  });
});
