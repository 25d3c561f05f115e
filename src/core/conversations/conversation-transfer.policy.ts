import type { AgentStatus } from '../agents/agent.entity';
import { DomainError } from '../errors/domain-error';

export const MAX_TRANSFER_NOTE_LENGTH = 2000;

/** What a transfer needs to know about its target agent, read under the agent's row lock. */
export interface TransferTargetLoad {
  name: string;
  status: AgentStatus;
  capacity: number;
  /** Unresolved conversations assigned to the agent now. */
  openCount: number;
}

/**
 * Why an agent cannot take a transferred conversation now, or undefined when they can. Unlike
 * assignConversation (a person's explicit choice may exceed capacity), a transfer asks the
 * target's consent: they must be ACCEPTING and have room; an admin may force it.
 *
 * @example transferRefusal({ name: 'Grace', status: 'accepting', capacity: 2, openCount: 2 })
 *   === 'Grace is at capacity (2 of 2 conversations)'
 */
export function transferRefusal(agent: TransferTargetLoad): string | undefined {
  if (agent.status !== 'accepting') return `${agent.name} is not accepting conversations`;
  if (agent.openCount >= agent.capacity)
    return `${agent.name} is at capacity (${agent.openCount} of ${agent.capacity} conversations)`;
  return undefined;
}

/** The transfer note as agents type it: NUL removed, trimmed, blank meaning none. */
export function validTransferNote(raw: string | undefined): string | undefined {
  const note = raw?.replaceAll('\u0000', '').trim();
  if (!note) return undefined;
  if (note.length > MAX_TRANSFER_NOTE_LENGTH) {
    throw new DomainError(
      'INVALID_INPUT',
      `note must be at most ${MAX_TRANSFER_NOTE_LENGTH} characters (got ${note.length}).`,
    );
  }
  return note;
}

/**
 * The private note a transfer leaves in the conversation, naming the agent (or, for a transfer to
 * a team only, the team).
 *
 * @example transferNoteText('Grace', 'VIP, wants a refund') === 'Transferred to Grace: VIP, wants a refund'
 */
export function transferNoteText(targetName: string, note: string | undefined): string {
  return note ? `Transferred to ${targetName}: ${note}` : `Transferred to ${targetName}`;
}
