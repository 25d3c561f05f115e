import type { FastifyInstance } from 'fastify';
import type { InboundRequest } from '../sdk';
import type { WebhookIngestService } from './webhook-ingest.service';

/**
 * Registers GET|POST /webhooks/:integrationId on Fastify directly, in its own scope: every content
 * type is read as raw bytes (signatures are computed over the exact bytes; Meta escapes its JSON,
 * so re-serialising would break them) with a body limit of at least 3 MB.
 */
export async function registerWebhookRoutes(
  fastify: FastifyInstance,
  ingest: WebhookIngestService,
  bodyLimit: number,
): Promise<void> {
  await fastify.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body));
    scope.route<{ Params: { integrationId: string } }>({
      method: ['GET', 'POST'],
      url: '/webhooks/:integrationId',
      bodyLimit,
      handler: async (req, reply) => {
        const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers))
          if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        const inbound: InboundRequest = {
          method: req.method as 'GET' | 'POST',
          path: req.url.split('?')[0],
          url: req.url,
          query: Object.fromEntries(new URL(req.url, 'http://hub').searchParams),
          headers,
          rawBody,
        };
        const answer = await ingest.handleWebhook(req.params.integrationId, inbound);
        if (answer.status === 503) reply.header('retry-after', '5');
        reply.code(answer.status).type(answer.contentType ?? 'text/plain; charset=utf-8');
        return answer.body ?? '';
      },
    });
  });
}
