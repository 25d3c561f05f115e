import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { signStandardWebhook } from '../connectors/api/standard-webhooks.signature';
import type { ExternalRouterConfig } from './routing-settings.repository';

/** What the external router is told about one waiting conversation. */
export interface ExternalRouteQuestion {
  workspaceId: string;
  conversationId: string;
  teamId: string | null;
  priority: number;
  contactId: string;
  /** The agents who could take it now, so the router can only choose among them. */
  candidates: { agentId: string; openCount: number; capacity: number }[];
}

/**
 * Asks a business's own service which agent should take a conversation (Rocket.Chat's "external
 * service" routing). The request is signed like our outbound webhooks (Standard Webhooks: the
 * `webhook-signature` header, HMAC-SHA256 with the configured `whsec_` secret) and bounded by the
 * configured timeout. Any failure — timeout, refused connection, non-2xx, a body that is not
 * `{ "agentId": "<one of the candidates>" }` — answers null and routing falls back to the team's
 * strategy: the router can make routing better, never block it.
 */
@Injectable()
export class ExternalRouterClient {
  private readonly logger = new Logger(ExternalRouterClient.name);

  async suggest(router: ExternalRouterConfig, question: ExternalRouteQuestion): Promise<string | null> {
    const body = JSON.stringify({ type: 'routing.request', data: question });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), router.timeoutMs);
    try {
      const res = await fetch(router.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...signStandardWebhook({
            secret: router.secret,
            id: `route_${randomUUID()}`,
            timestamp: new Date(),
            body,
          }),
        },
        body,
        signal: controller.signal,
        redirect: 'error',
      });
      const text = await res.text();
      if (!res.ok) return this.fallback(question, `answered HTTP ${res.status}`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return this.fallback(question, 'answered a body that is not JSON');
      }
      const agentId = (parsed as { agentId?: unknown } | null)?.agentId;
      if (agentId === null) return null;
      if (typeof agentId !== 'string' || !question.candidates.some((c) => c.agentId === agentId))
        return this.fallback(question, 'named no agent among the candidates');
      return agentId;
    } catch (e) {
      return this.fallback(
        question,
        controller.signal.aborted ? `timed out after ${router.timeoutMs} ms` : (e as Error).message,
      );
    } finally {
      clearTimeout(timer);
    }
  }

  private fallback(question: ExternalRouteQuestion, why: string): null {
    this.logger.warn(
      `external router ${why} for conversation ${question.conversationId}; using the team's strategy`,
    );
    return null;
  }
}
