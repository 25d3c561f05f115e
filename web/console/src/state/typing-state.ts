import type { WorkspaceEvent } from '../api/hub-types';

export interface ConversationTyping {
  /** The visitor is typing; `draft` is their unsent text when sneak peek is on. */
  contact: { draft: string | null; until: number } | null;
  /** Other agents typing in the conversation, until when. */
  agents: Readonly<Record<string, number>>;
}

export type TypingMap = ReadonlyMap<string, ConversationTyping>;

/** A "typing" that is not renewed or stopped within this time is dropped (a lost stop event). */
export const TYPING_TTL_MS = 8_000;

/** The typing state after one `conversation.typing` event. */
export function applyTyping(state: TypingMap, event: WorkspaceEvent, now: number, meId: string): TypingMap {
  const id = event.conversationId;
  if (event.type !== 'conversation.typing' || !id) return state;
  const held = state.get(id) ?? { contact: null, agents: {} };
  let next: ConversationTyping = held;
  if (event.actor === 'contact') {
    next = {
      ...held,
      contact: event.typing ? { draft: event.draft ?? null, until: now + TYPING_TTL_MS } : null,
    };
  } else if (event.actor === 'agent' && event.agentId && event.agentId !== meId) {
    const agents = { ...held.agents };
    if (event.typing) agents[event.agentId] = now + TYPING_TTL_MS;
    else delete agents[event.agentId];
    next = { ...held, agents };
  }
  if (next === held) return state;
  const map = new Map(state);
  if (!next.contact && Object.keys(next.agents).length === 0) map.delete(id);
  else map.set(id, next);
  return map;
}

/** Drops what expired; answers the same map when nothing did. */
export function pruneTyping(state: TypingMap, now: number): TypingMap {
  let map: Map<string, ConversationTyping> | null = null;
  for (const [id, typing] of state) {
    const contact = typing.contact && typing.contact.until > now ? typing.contact : null;
    const agents = Object.fromEntries(Object.entries(typing.agents).filter(([, until]) => until > now));
    if (contact === typing.contact && Object.keys(agents).length === Object.keys(typing.agents).length)
      continue;
    map ??= new Map(state);
    if (!contact && Object.keys(agents).length === 0) map.delete(id);
    else map.set(id, { contact, agents });
  }
  return map ?? state;
}
