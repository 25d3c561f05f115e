import type { GraphqlClient } from '../api/graphql-client';
import { AGENTS, HEARTBEAT, ME, SET_MY_STATUS, TEAMS } from '../api/graphql-documents';
import { errorCode, errorMessage } from '../api/hub-error';
import type { Agent, AgentStatus, Team } from '../api/hub-types';
import { Store } from './store';

export interface AgentDirectoryState {
  me: Agent;
  /** Every agent of the workspace (admins and owners may list them); null until loaded or refused. */
  agents: readonly Agent[] | null;
  teams: readonly Team[] | null;
  /** The hub refused the lists (an agent's role may not list agents or teams). */
  listsForbidden: boolean;
  error: string | null;
}

const HEARTBEAT_EVERY_MS = 20_000;

export function isAdminRole(agent: Pick<Agent, 'role'>): boolean {
  return agent.role === 'ADMIN' || agent.role === 'OWNER';
}

/**
 * The signed-in agent (status, heartbeat) and, for supervision and transfers, the workspace's
 * agents and teams, kept live from `agent.status_changed`.
 */
export class AgentDirectory extends Store<AgentDirectoryState> {
  private heartbeatTimer: ReturnType<typeof setInterval> | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private watchers = 0;

  constructor(
    private readonly api: GraphqlClient,
    me: Agent,
    private readonly onMe: (agent: Agent) => void,
  ) {
    super({ me, agents: null, teams: null, listsForbidden: false, error: null });
  }

  /** The console tells the hub it is open every 20 s (presence; see docs/console-api.md). */
  startHeartbeat(): void {
    const beat = async () => {
      try {
        const { heartbeat } = await this.api.request<{ heartbeat: Agent }>(HEARTBEAT);
        this.setMe(heartbeat);
      } catch {
        // The next beat retries; an expired token signs out through the client.
      }
    };
    void beat();
    this.heartbeatTimer = setInterval(() => void beat(), HEARTBEAT_EVERY_MS);
  }

  async refreshMe(): Promise<void> {
    try {
      const { me } = await this.api.request<{ me: Agent }>(ME);
      this.setMe(me);
    } catch {
      // Shown stale until the next heartbeat.
    }
  }

  async setMyStatus(status: AgentStatus): Promise<void> {
    const previous = this.state.me;
    this.setState({ me: { ...previous, status }, error: null });
    try {
      const { setMyStatus } = await this.api.request<{ setMyStatus: Agent }>(SET_MY_STATUS, { status });
      this.setMe(setMyStatus);
    } catch (e) {
      this.setState({ me: previous, error: errorMessage(e) });
    }
  }

  /** Loads agents and teams (supervision, transfer dialog). */
  async loadLists(): Promise<void> {
    try {
      const [{ agents }, { teams }] = await Promise.all([
        this.api.request<{ agents: Agent[] }>(AGENTS),
        this.api.request<{ teams: Team[] }>(TEAMS),
      ]);
      this.setState({ agents, teams, listsForbidden: false, error: null });
    } catch (e) {
      if (errorCode(e) === 'FORBIDDEN') this.setState({ listsForbidden: true });
      else this.setState({ error: errorMessage(e) });
    }
  }

  /** Views that show agents' loads load fresh lists and keep them live while mounted. */
  watch(): () => void {
    this.watchers++;
    void this.loadLists();
    return () => {
      this.watchers--;
    };
  }

  /** Loads changed (assignments, resolutions): one refetch per burst while someone watches. */
  agentsMayHaveChanged(): void {
    if (this.watchers === 0 || this.state.listsForbidden || this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      void this.loadLists();
    }, 1_000);
  }

  applyStatus(agentId: string, status: string): void {
    const upper = status.toUpperCase() as AgentStatus;
    if (agentId === this.state.me.id && this.state.me.status !== upper)
      this.setMe({ ...this.state.me, status: upper });
    const agents = this.state.agents;
    if (agents?.some((a) => a.id === agentId && a.status !== upper)) {
      this.setState({ agents: agents.map((a) => (a.id === agentId ? { ...a, status: upper } : a)) });
    }
  }

  dispose(): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
  }

  private setMe(me: Agent): void {
    this.setState({ me });
    this.onMe(me);
  }
}
