import type { EntityManager } from 'typeorm';
import type { ReplyWindow } from '../../connectors/sdk';

/** The DI token of the {@link ReplyWindowPolicy}; the connector runtime provides it. */
export const REPLY_WINDOW_POLICY = Symbol('REPLY_WINDOW_POLICY');

/**
 * Whether an agent may reply in a conversation now, by its channel's rule (a connector's
 * `replyWindow` hook applied to facts from the database). A port, so the conversations core does
 * not depend on the connector runtime that implements it.
 */
export interface ReplyWindowPolicy {
  /** `db`: the caller's transaction, so a caller holding the conversation lock needs no second connection. */
  windowFor(db: EntityManager, workspaceId: string, conversationId: string): Promise<ReplyWindow>;
}
