import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AgentRole, AgentStatus } from './agent.entity';

/** An agent as the API sees it: never the password hash. */
export interface AgentRecord {
  id: string;
  workspaceId: string;
  email: string;
  name: string;
  role: AgentRole;
  status: AgentStatus;
  capacity: number;
  /** Shown to visitors next to the agent's replies (when the widget allows it). */
  avatarUrl: string | null;
  lastAssignedAt: Date | null;
  /** Current load: unresolved conversations assigned to the agent (agents.open_count, kept by a trigger). */
  openConversations: number;
  /** The last console heartbeat; null when the agent never sent one. */
  lastSeenAt: Date | null;
  /** Cannot log in, its tokens fail, routing never picks it. */
  deactivated: boolean;
  /** Invited and has not set a password yet. */
  invitationPending: boolean;
  /** Routing skills: name → level 1-5 (docs/routing.md). */
  skills: Record<string, number>;
  createdAt: Date;
}

/** An agent whose console stopped sending heartbeats while available (the presence sweep's input). */
export interface SilentAgent {
  workspaceId: string;
  agentId: string;
}

/** What checking a login token needs about its agent. */
export interface AgentSessionState {
  id: string;
  workspaceId: string;
  role: AgentRole;
  deactivated: boolean;
  /** A token with another session version is refused (a deactivation increments it). */
  sessionVersion: number;
}

/** What login needs: the hash, and only for this one purpose. */
export interface AgentCredentials {
  id: string;
  workspaceId: string;
  passwordHash: string;
}

export interface NewAgent {
  email: string;
  name: string;
  /** Null for an invited agent (no password until they accept). */
  passwordHash: string | null;
  role: AgentRole;
  capacity: number;
  status: AgentStatus;
}

export interface AgentPatch {
  name?: string;
  role?: AgentRole;
  capacity?: number;
  status?: AgentStatus;
  passwordHash?: string;
  /** '' clears it. */
  avatarUrl?: string;
}

const COLUMNS = `id, workspace_id AS "workspaceId", email, name, role, status, capacity, avatar_url AS "avatarUrl",
  last_assigned_at AS "lastAssignedAt", open_count AS "openConversations", last_seen_at AS "lastSeenAt",
  deactivated_at IS NOT NULL AS deactivated, password_hash IS NULL AS "invitationPending", skills, created_at AS "createdAt"`;

/** Shared with the conversation queries, which embed the assignee. */
export const AGENT_JSON = `json_build_object('id', ag.id, 'workspaceId', ag.workspace_id, 'email', ag.email, 'name', ag.name,
  'role', ag.role, 'status', ag.status, 'capacity', ag.capacity, 'avatarUrl', ag.avatar_url, 'lastAssignedAt', ag.last_assigned_at,
  'openConversations', ag.open_count, 'lastSeenAt', ag.last_seen_at, 'deactivated', ag.deactivated_at IS NOT NULL,
  'invitationPending', ag.password_hash IS NULL, 'skills', ag.skills, 'createdAt', ag.created_at)`;

/** Available, and no heartbeat for the seconds in `param` (never having sent one does not count). */
function silentFor(param: string): string {
  return `status IN ('accepting', 'not_accepting') AND last_seen_at < now() - make_interval(secs => ${param}::float8)`;
}

/** A cap on login candidates: one email rarely spans more than a few workspaces. */
const MAX_LOGIN_CANDIDATES = 20;

@Injectable()
export class AgentRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Throws the PostgreSQL unique violation (23505) when the email is taken in the workspace. */
  async insert(workspaceId: string, agent: NewAgent, tx?: EntityManager): Promise<AgentRecord> {
    const [row]: AgentRecord[] = await (tx ?? this.db).query(
      `INSERT INTO agents (workspace_id, email, name, password_hash, role, capacity, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [workspaceId, agent.email, agent.name, agent.passwordHash, agent.role, agent.capacity, agent.status],
    );
    return row;
  }

  async findById(workspaceId: string, agentId: string, tx?: EntityManager): Promise<AgentRecord | undefined> {
    const rows: AgentRecord[] = await (tx ?? this.db).query(
      `SELECT ${COLUMNS} FROM agents WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, agentId],
    );
    return rows[0];
  }

  async findSessionState(workspaceId: string, agentId: string): Promise<AgentSessionState | undefined> {
    const rows: AgentSessionState[] = await this.db.query(
      `SELECT id, workspace_id AS "workspaceId", role, deactivated_at IS NOT NULL AS deactivated,
              session_version AS "sessionVersion"
         FROM agents WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, agentId],
    );
    return rows[0];
  }

  async listInWorkspace(workspaceId: string): Promise<AgentRecord[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM agents WHERE workspace_id = $1 ORDER BY name, id`, [
      workspaceId,
    ]);
  }

  /**
   * The one agent lookup not scoped by a workspace the caller already belongs to: at login the
   * email is all we know. Every step after it is scoped by the workspace of the matched row.
   * Deactivated agents and invited agents without a password are never candidates: their login
   * answers exactly like an unknown email.
   */
  async findCredentialsByEmail(email: string, workspaceId?: string): Promise<AgentCredentials[]> {
    return this.db.query(
      `SELECT id, workspace_id AS "workspaceId", password_hash AS "passwordHash" FROM agents
        WHERE email = $1 AND ($2::uuid IS NULL OR workspace_id = $2::uuid)
          AND deactivated_at IS NULL AND password_hash IS NOT NULL
        ORDER BY created_at, id LIMIT ${MAX_LOGIN_CANDIDATES}`,
      [email, workspaceId ?? null],
    );
  }

  /**
   * Takes the row lock of an active agent (undefined for a deactivated one, so an assignment or a
   * transfer to it answers NOT_FOUND): routing takes it after the conversation row lock when it
   * fills an agent's slot, and so does every other writer, so the two never deadlock. A waiter
   * re-checks `deactivated_at` on the row version it gets, so an assignment waiting behind a
   * deactivation finds nobody.
   */
  async lockById(tx: EntityManager, workspaceId: string, agentId: string): Promise<AgentRecord | undefined> {
    const rows: AgentRecord[] = await tx.query(
      `SELECT ${COLUMNS} FROM agents WHERE workspace_id = $1 AND id = $2 AND deactivated_at IS NULL FOR UPDATE`,
      [workspaceId, agentId],
    );
    return rows[0];
  }

  /** Like lockById, deactivated or not: for admins' changes to the agent itself. */
  async lockAnyById(
    tx: EntityManager,
    workspaceId: string,
    agentId: string,
  ): Promise<AgentRecord | undefined> {
    const rows: AgentRecord[] = await tx.query(
      `SELECT ${COLUMNS} FROM agents WHERE workspace_id = $1 AND id = $2 FOR UPDATE`,
      [workspaceId, agentId],
    );
    return rows[0];
  }

  /**
   * Deactivates (OFFLINE, deactivated_at kept from the first time, every token issued so far
   * revoked) or reactivates an agent whose row lock the caller holds. Reactivated agents stay
   * OFFLINE until they choose otherwise, and sign in again.
   */
  async setDeactivated(
    tx: EntityManager,
    workspaceId: string,
    agentId: string,
    deactivated: boolean,
  ): Promise<AgentRecord | undefined> {
    const rows: AgentRecord[] = await tx.query(
      `WITH u AS (UPDATE agents SET deactivated_at = CASE WHEN $3 THEN COALESCE(deactivated_at, now()) END,
              session_version = session_version + CASE WHEN $3 THEN 1 ELSE 0 END,
              status = CASE WHEN $3 THEN 'offline' ELSE status END, updated_at = now()
        WHERE workspace_id = $1 AND id = $2 RETURNING ${COLUMNS}) SELECT * FROM u`,
      [workspaceId, agentId, deactivated],
    );
    return rows[0];
  }

  /**
   * Like lockById, but only while the agent is available (accepting or not accepting) and its
   * last heartbeat is older than `graceSeconds` by the database clock; undefined otherwise. A
   * waiter re-checks the condition on the row version it gets, so a heartbeat or a status change
   * that commits first wins.
   */
  async lockIfSilent(
    tx: EntityManager,
    workspaceId: string,
    agentId: string,
    graceSeconds: number,
  ): Promise<AgentRecord | undefined> {
    const rows: AgentRecord[] = await tx.query(
      `SELECT ${COLUMNS} FROM agents WHERE workspace_id = $1 AND id = $2 AND ${silentFor('$3')} FOR UPDATE`,
      [workspaceId, agentId, graceSeconds],
    );
    return rows[0];
  }

  /**
   * Available agents, in every workspace, whose console went silent for `graceSeconds`, the
   * longest silent first. Agents that never sent a heartbeat (null) are not matched. A system
   * sweep's query: each agent found is then changed in its own workspace.
   */
  async listSilent(graceSeconds: number, limit: number): Promise<SilentAgent[]> {
    return this.db.query(
      `SELECT workspace_id AS "workspaceId", id AS "agentId" FROM agents WHERE ${silentFor('$1')}
        ORDER BY last_seen_at, id LIMIT $2`,
      [graceSeconds, limit],
    );
  }

  /** The console's heartbeat. Not an edit of the agent: updated_at stays. */
  async touchLastSeen(workspaceId: string, agentId: string): Promise<AgentRecord | undefined> {
    const rows: AgentRecord[] = await this.db.query(
      `WITH u AS (UPDATE agents SET last_seen_at = now() WHERE workspace_id = $1 AND id = $2 RETURNING ${COLUMNS})
       SELECT * FROM u`,
      [workspaceId, agentId],
    );
    return rows[0];
  }

  async update(
    tx: EntityManager,
    workspaceId: string,
    agentId: string,
    patch: AgentPatch,
  ): Promise<AgentRecord | undefined> {
    // Wrapped in a CTE: TypeORM returns [rows, count] for a bare UPDATE ... RETURNING.
    const rows: AgentRecord[] = await tx.query(
      `WITH u AS (UPDATE agents SET name = COALESCE($3, name), role = COALESCE($4, role), capacity = COALESCE($5, capacity),
              status = COALESCE($6, status), password_hash = COALESCE($7, password_hash),
              avatar_url = CASE WHEN $8::text IS NULL THEN avatar_url ELSE NULLIF($8, '') END, updated_at = now()
        WHERE workspace_id = $1 AND id = $2 RETURNING ${COLUMNS}) SELECT * FROM u`,
      [
        workspaceId,
        agentId,
        patch.name ?? null,
        patch.role ?? null,
        patch.capacity ?? null,
        patch.status ?? null,
        patch.passwordHash ?? null,
        patch.avatarUrl ?? null,
      ],
    );
    return rows[0];
  }
}

/** json_build_object turns timestamps into strings; give callers the Dates they expect. */
export function reviveAgent(raw: AgentRecord): AgentRecord {
  return {
    ...raw,
    lastAssignedAt: raw.lastAssignedAt ? new Date(raw.lastAssignedAt) : null,
    lastSeenAt: raw.lastSeenAt ? new Date(raw.lastSeenAt) : null,
    deactivated: raw.deactivated === true,
    invitationPending: raw.invitationPending === true,
    createdAt: new Date(raw.createdAt),
  };
}
