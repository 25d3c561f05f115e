'use strict';
// Bulk set-up of the routing bench (not measured): workspaces, agents with skills and existing
// loads, teams, and queued conversations already placed by rules (routed_at set), written with one
// multi-row INSERT ... SELECT FROM unnest(arrays) per table through a plain pg client. Random
// choices come from a seeded generator, so every run starts from the same shape of data.

const crypto = require('node:crypto');

/** mulberry32: a small deterministic generator; `int(n)` in [0, n). */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n), pick: (list) => list[Math.floor(next() * list.length)] };
}

/** Priorities of queued conversations: mostly the default 50, some urgent, some low. */
const PRIORITIES = [10, 30, 50, 50, 50, 50, 70, 90];
/** The warm-up conversations are served first (priority 100), so the measured queue starts whole. */
const WARMUP_PRIORITY = 100;

async function insertWorkspace(pg, name) {
  const { rows } = await pg.query('INSERT INTO workspaces (name) VALUES ($1) RETURNING id', [name]);
  const workspaceId = rows[0].id;
  const integ = await pg.query(
    `INSERT INTO integrations (workspace_id, connector_id, name, secrets_ciphertext)
     VALUES ($1, 'api', 'Bench inbox', '\\x00') RETURNING id`,
    [workspaceId],
  );
  return { workspaceId, integrationId: integ.rows[0].id };
}

/** `n` accepting agents; half speak "billing" (level 1..5), some "fr". Returns their ids. */
async function insertAgents(pg, workspaceId, n, capacity, r, tag) {
  const ids = [];
  const skills = [];
  for (let i = 0; i < n; i++) {
    ids.push(crypto.randomUUID());
    const s = {};
    if (i % 2 === 0) s.billing = 1 + r.int(5);
    if (i % 5 === 0) s.fr = 1 + r.int(5);
    skills.push(JSON.stringify(s));
  }
  await pg.query(
    `INSERT INTO agents (id, workspace_id, email, name, password_hash, role, status, capacity, skills, last_seen_at)
     SELECT id, $1, 'agent-' || $4 || '-' || ord || '@bench.test', 'Agent ' || ord, 'x', 'agent', 'accepting', $3, s::jsonb, now()
       FROM unnest($2::uuid[], $5::text[]) WITH ORDINALITY AS t(id, s, ord)`,
    [workspaceId, ids, capacity, tag, skills],
  );
  return ids;
}

/**
 * Existing load: each agent gets 0..maxLoad open conversations (the agent-load trigger counts
 * them into open_count), then a random last assignment time within the last hour, so least_busy
 * and round robin both have real ordering work.
 */
async function insertLoads(pg, { workspaceId, integrationId }, agentIds, maxLoad, r) {
  const contacts = [];
  const assignees = [];
  for (const id of agentIds) {
    const load = r.int(maxLoad + 1);
    for (let k = 0; k < load; k++) {
      contacts.push(crypto.randomUUID());
      assignees.push(id);
    }
  }
  await pg.query(
    `INSERT INTO contacts (id, workspace_id, name) SELECT id, $1, 'Load contact' FROM unnest($2::uuid[]) id`,
    [workspaceId, contacts],
  );
  await pg.query(
    `INSERT INTO conversations (workspace_id, integration_id, contact_id, status, assignee_id, assigned_at, routed_at,
                                queued_at, last_message_at, last_seq)
     SELECT $1, $2, c, 'open', a, now(), now(), now(), now(), 1 FROM unnest($3::uuid[], $4::uuid[]) AS t(c, a)`,
    [workspaceId, integrationId, contacts, assignees],
  );
  const ago = agentIds.map(() => r.int(3600 * 1000));
  await pg.query(
    `UPDATE agents a SET last_assigned_at = now() - make_interval(secs => t.ms / 1000.0)
       FROM unnest($2::uuid[], $3::int[]) AS t(id, ms) WHERE a.workspace_id = $1 AND a.id = t.id`,
    [workspaceId, agentIds, ago],
  );
  return contacts.length;
}

/**
 * `n` waiting conversations in one queue (teamId null: the workspace pool), each from a new
 * contact, arrived over the last `n` seconds in order, placed by rules (routed_at set) with a
 * varied priority; `skilled` of them (every 10th) require "billing". A fifth of the contacts had
 * an earlier conversation, resolved by some agent (what the returning-customer look-up reads).
 */
async function insertQueued(
  pg,
  { workspaceId, integrationId },
  { n, teamId, priority, agentIds, r, arrivedBeforeS },
) {
  const contacts = [];
  const prio = [];
  const skilled = [];
  const prevContacts = [];
  const prevAgents = [];
  for (let i = 0; i < n; i++) {
    const c = crypto.randomUUID();
    contacts.push(c);
    prio.push(priority ?? r.pick(PRIORITIES));
    skilled.push(i % 10 === 3);
    if (r.int(5) === 0) {
      prevContacts.push(c);
      prevAgents.push(r.pick(agentIds));
    }
  }
  await pg.query(
    `INSERT INTO contacts (id, workspace_id, name) SELECT id, $1, 'Visitor' FROM unnest($2::uuid[]) id`,
    [workspaceId, contacts],
  );
  await pg.query(
    `INSERT INTO conversations (workspace_id, integration_id, contact_id, status, team_id, priority, required_skills,
                                routed_at, queued_at, last_message_at, last_seq, routing_reason)
     SELECT $1, $2, c, 'queued', $3, p, CASE WHEN s THEN ARRAY['billing'] ELSE '{}'::text[] END,
            now(), now() - make_interval(secs => $7::float8 - ord), now(), 1,
            jsonb_build_object('ruleId', null, 'ruleName', null, 'teamId', $3::uuid)
       FROM unnest($4::uuid[], $5::int[], $6::bool[]) WITH ORDINALITY AS t(c, p, s, ord)`,
    [workspaceId, integrationId, teamId, contacts, prio, skilled, arrivedBeforeS ?? n + 1],
  );
  if (prevContacts.length)
    await pg.query(
      `INSERT INTO conversations (workspace_id, integration_id, contact_id, thread_key, status, assignee_id, assigned_at,
                                  resolved_at, routed_at, last_message_at, last_seq)
       SELECT $1, $2, c, 'earlier', 'resolved', a, now() - interval '2 days', now() - interval '2 days',
              now() - interval '2 days', now() - interval '2 days', 3
         FROM unnest($3::uuid[], $4::uuid[]) AS t(c, a)`,
      [workspaceId, integrationId, prevContacts, prevAgents],
    );
  return contacts.length;
}

/**
 * The pool workspace: `agents` accepting agents (capacity `capacity`, loads 0..maxLoad), the
 * 20-rule `policy` with a least_busy pool, and `warmup` + `queued` conversations waiting in the
 * pool queue (team_id NULL); the warm-up ones first in serving order.
 */
async function seedPoolWorkspace(pg, { agents, capacity, maxLoad, queued, warmup, policy, seed }) {
  const r = rng(seed);
  const ws = await insertWorkspace(pg, 'Routing bench: pool');
  const agentIds = await insertAgents(pg, ws.workspaceId, agents, capacity, r, 'p');
  const loads = await insertLoads(pg, ws, agentIds, maxLoad, r);
  await pg.query(
    `INSERT INTO routing_policies (workspace_id, rules, default_action, default_team) VALUES ($1, $2::jsonb, $3::jsonb, $4::jsonb)`,
    [
      ws.workspaceId,
      JSON.stringify(policy.rules),
      JSON.stringify(policy.defaultAction),
      JSON.stringify({ strategy: 'least_busy' }),
    ],
  );
  // The warm-up batch arrives last but is served first (priority 100).
  await insertQueued(pg, ws, { n: queued, teamId: null, agentIds, r, arrivedBeforeS: queued + warmup + 1 });
  if (warmup > 0)
    await insertQueued(pg, ws, { n: warmup, teamId: null, priority: WARMUP_PRIORITY, agentIds, r });
  return { ...ws, agentIds, existingLoad: loads };
}

/** Team strategies of the 10-team variant, in turn. */
const TEAM_STRATEGIES = ['least_busy', 'round_robin', 'skills_weighted', 'least_busy', 'round_robin'];

/**
 * The team workspace: `teams` teams of `perTeam` agents each (every agent in one team, normal
 * tier), strategies in turn from TEAM_STRATEGIES, and `queuedPerTeam` waiting in each team queue.
 */
async function seedTeamWorkspace(pg, { teams, perTeam, capacity, maxLoad, queuedPerTeam, seed }) {
  const r = rng(seed + 1);
  const ws = await insertWorkspace(pg, 'Routing bench: teams');
  const agentIds = await insertAgents(pg, ws.workspaceId, teams * perTeam, capacity, r, 't');
  const loads = await insertLoads(pg, ws, agentIds, maxLoad, r);
  await pg.query(`INSERT INTO routing_policies (workspace_id) VALUES ($1)`, [ws.workspaceId]);
  const teamIds = [];
  for (let t = 0; t < teams; t++) {
    const strategy = TEAM_STRATEGIES[t % TEAM_STRATEGIES.length];
    const { rows } = await pg.query(
      'INSERT INTO teams (workspace_id, name, routing) VALUES ($1, $2, $3::jsonb) RETURNING id',
      [ws.workspaceId, `Team ${t + 1}`, JSON.stringify({ strategy })],
    );
    const teamId = rows[0].id;
    teamIds.push({ teamId, strategy });
    const members = agentIds.slice(t * perTeam, (t + 1) * perTeam);
    await pg.query(
      `INSERT INTO team_members (workspace_id, team_id, agent_id) SELECT $1, $2, id FROM unnest($3::uuid[]) id`,
      [ws.workspaceId, teamId, members],
    );
    await insertQueued(pg, ws, { n: queuedPerTeam, teamId, agentIds: members, r });
  }
  return { ...ws, agentIds, teamIds, existingLoad: loads };
}

/**
 * Puts the team queues back as seeded (for the next variant): what the previous variant assigned
 * waits again (the agent-load trigger gives the capacity back), then VACUUM ANALYZE.
 */
async function resetTeamQueues(pg, workspaceId) {
  const { rowCount } = await pg.query(
    `UPDATE conversations SET status = 'queued', assignee_id = NULL, assigned_at = NULL,
            routing_reason = routing_reason - 'strategy' - 'choice' - 'tier' - 'assignedAt'
      WHERE workspace_id = $1 AND team_id IS NOT NULL AND status = 'open'`,
    [workspaceId],
  );
  await pg.query('DELETE FROM outbox WHERE workspace_id = $1', [workspaceId]);
  await vacuum(pg);
  return rowCount;
}

async function vacuum(pg) {
  await pg.query('VACUUM ANALYZE conversations, agents, contacts, team_members, outbox');
}

module.exports = {
  seedPoolWorkspace,
  seedTeamWorkspace,
  resetTeamQueues,
  vacuum,
  rng,
  PRIORITIES,
  WARMUP_PRIORITY,
};
