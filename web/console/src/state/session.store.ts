import type { Agent } from '../api/hub-types';
import { readJson, writeJson } from './browser-storage';
import { Store } from './store';

const STORAGE_KEY = 'switchboard.console.session';

export interface Session {
  token: string;
  expiresAt: string;
  agent: Agent;
}

function isSession(value: unknown): value is Session {
  if (!value || typeof value !== 'object') return false;
  const v = value as Partial<Session>;
  return (
    typeof v.token === 'string' &&
    typeof v.expiresAt === 'string' &&
    typeof v.agent === 'object' &&
    v.agent !== null &&
    typeof v.agent.id === 'string'
  );
}

/**
 * The signed-in agent and their token, kept in localStorage so a reload keeps the session
 * (until the token expires). Other tabs of the console follow a sign-out through the storage event.
 */
export class SessionStore extends Store<{ session: Session | null }> {
  constructor() {
    super({ session: SessionStore.load() });
    window.addEventListener('storage', (e) => {
      if (e.key === STORAGE_KEY) this.setState({ session: SessionStore.load() });
    });
  }

  private static load(): Session | null {
    const stored = readJson(STORAGE_KEY);
    if (!isSession(stored)) return null;
    return Date.parse(stored.expiresAt) > Date.now() ? stored : null;
  }

  get token(): string | null {
    return this.state.session?.token ?? null;
  }

  signIn(session: Session): void {
    writeJson(STORAGE_KEY, session);
    this.setState({ session });
  }

  /** The agent changed (status, name): kept so a reload shows the latest. */
  updateAgent(agent: Agent): void {
    const session = this.state.session;
    if (!session || session.agent.id !== agent.id) return;
    const next = { ...session, agent };
    writeJson(STORAGE_KEY, next);
    this.setState({ session: next });
  }

  signOut(): void {
    writeJson(STORAGE_KEY, null);
    this.setState({ session: null });
  }
}
