import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import type { ReplyWindowPolicy } from '../../core/conversations/reply-window.port';
import { Clock, CLOCK, ROOT_LOGGER } from '../../core/tokens';
import { ALWAYS_OPEN_REPLY_WINDOW, ReplyWindow, toConnectorError } from '../sdk';
import { ConnectorRegistry } from './connector-registry.service';

/** Facts about one conversation that its channel's reply window depends on. */
interface WindowFactsRow {
  connectorId: string;
  settings: Record<string, unknown>;
  lastInboundAt: Date | null;
}

/**
 * The host side of reply windows: reads the facts (when the contact last wrote on the
 * conversation's integration, the integration's non-secret settings) and asks the connector's
 * pure `replyWindow` hook. Channels without the hook are always open.
 */
@Injectable()
export class ReplyWindowService implements ReplyWindowPolicy {
  constructor(
    private readonly registry: ConnectorRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  async windowFor(db: EntityManager, workspaceId: string, conversationId: string): Promise<ReplyWindow> {
    // The platform's window runs from the contact's last message to the business on this
    // integration, whichever of their conversations (a resolved one, a newer one) it went to.
    const rows: WindowFactsRow[] = await db.query(
      `SELECT i.connector_id AS "connectorId", i.settings,
              (SELECT max(m.occurred_at) FROM conversations s
                 JOIN messages m ON m.workspace_id = s.workspace_id AND m.conversation_id = s.id AND m.direction = 'inbound'
                WHERE s.workspace_id = c.workspace_id AND s.integration_id = c.integration_id
                  AND s.contact_id = c.contact_id AND s.thread_key = c.thread_key) AS "lastInboundAt"
         FROM conversations c
         JOIN integrations i ON i.workspace_id = c.workspace_id AND i.id = c.integration_id
        WHERE c.workspace_id = $1 AND c.id = $2`,
      [workspaceId, conversationId],
    );
    const facts = rows[0];
    if (!facts) return ALWAYS_OPEN_REPLY_WINDOW;
    return this.decide(facts.connectorId, {
      lastInboundAt: facts.lastInboundAt === null ? null : new Date(facts.lastInboundAt),
      settings: facts.settings,
    });
  }

  /** The connector's answer for these facts at the host's current time. */
  decide(
    connectorId: string,
    facts: { lastInboundAt: Date | null; settings: Record<string, unknown> },
  ): ReplyWindow {
    const hook = this.registry.find(connectorId)?.hooks.replyWindow;
    if (!hook) return ALWAYS_OPEN_REPLY_WINDOW;
    try {
      return hook({ ...facts, now: this.clock.now() });
    } catch (e) {
      // A broken hook must not lock agents out: the connector's send still applies the platform's rule.
      this.logger.error(
        { connector: connectorId, kind: toConnectorError(e).kind },
        'replyWindow hook failed; treating the window as open',
      );
      return ALWAYS_OPEN_REPLY_WINDOW;
    }
  }
}
