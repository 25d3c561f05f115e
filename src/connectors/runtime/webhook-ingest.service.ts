import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { Counter } from 'prom-client';
import { RecordInboundService } from '../../core/conversations/record-inbound.service';
import { MetricsRegistry } from '../../core/metrics/metrics.registry';
import { ROOT_LOGGER } from '../../core/tokens';
import { ConnectorError, ConnectorErrorKind, HttpReply, InboundRequest, isConnectorError } from '../sdk';
import { IntegrationService } from './integration.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function json(status: number, body: Record<string, unknown>): HttpReply {
  return { status, body: JSON.stringify(body), contentType: 'application/json' };
}

const NOT_FOUND = json(404, { error: 'not_found', message: 'No such integration.' });
const UNAVAILABLE = json(503, { error: 'unavailable', message: 'Storage is unavailable; retry later.' });

/**
 * The HTTP answer for a connector error on the inbound path. Exhaustive: a new kind does not
 * compile until it has an answer. Providers retry on 5xx and 429, and must not retry on 4xx.
 */
export function inboundReplyFor(kind: ConnectorErrorKind, message: string): HttpReply {
  switch (kind) {
    case 'auth':
      return json(401, { error: 'unauthorized', message });
    case 'permanent':
      return json(400, { error: 'bad_request', message });
    case 'unsupported':
      return json(415, { error: 'unsupported', message });
    case 'rate_limited':
      return json(429, { error: 'rate_limited', message });
    case 'config':
      return json(500, { error: 'integration_misconfigured', message });
    case 'transient':
      return json(503, { error: 'unavailable', message });
  }
}

/**
 * GET|POST /webhooks/:integrationId — look up, verify the raw bytes, parse, store in one
 * transaction, answer only after commit (rule 1), then relay the outbox.
 */
@Injectable()
export class WebhookIngestService {
  private readonly ingested: Counter<'connector' | 'result'>;

  constructor(
    private readonly integrations: IntegrationService,
    private readonly recorder: RecordInboundService,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    metrics: MetricsRegistry,
  ) {
    this.ingested = metrics.counter('switchboard_ingested_messages_total', 'Inbound messages by result', [
      'connector',
      'result',
    ]);
  }

  async handleWebhook(integrationId: string, req: InboundRequest): Promise<HttpReply> {
    if (!UUID.test(integrationId)) return NOT_FOUND;
    let loaded;
    try {
      loaded = await this.integrations.loadForWebhook(integrationId);
    } catch (e) {
      this.logger.warn({ err: (e as Error).message, integrationId }, 'integration lookup failed');
      return UNAVAILABLE;
    }
    if (!loaded) return NOT_FOUND;
    const { connector, context, record } = loaded;
    const { hooks } = connector;
    try {
      if (req.method === 'GET') {
        if (!hooks.handshake)
          return json(405, { error: 'method_not_allowed', message: 'This connector takes POST only.' });
        return await hooks.handshake(context, req);
      }
      if (!hooks.parse || !hooks.verify)
        return json(405, { error: 'method_not_allowed', message: 'This connector takes no webhooks.' });
      await hooks.verify(context, req);
      const events = await hooks.parse(context, req);
      let outcome;
      try {
        outcome = await this.recorder.recordInboundEvents(
          { workspaceId: record.workspaceId, integrationId: record.id },
          events,
        );
      } catch (e) {
        this.logger.warn({ err: (e as Error).message, integrationId }, 'ingest transaction failed');
        return UNAVAILABLE;
      }
      const id = connector.manifest.id;
      if (outcome.stored) this.ingested.inc({ connector: id, result: 'stored' }, outcome.stored);
      if (outcome.duplicates) this.ingested.inc({ connector: id, result: 'duplicate' }, outcome.duplicates);
      if (hooks.acknowledge) return hooks.acknowledge(context, req, events);
      return json(200, { ok: true, stored: outcome.stored, duplicates: outcome.duplicates });
    } catch (e) {
      const error = isConnectorError(e)
        ? e
        : new ConnectorError('transient', 'The connector failed unexpectedly.', { cause: e });
      if (error.kind === 'auth')
        this.logger.warn({ integrationId, reason: error.message }, 'webhook rejected');
      else this.logger.warn({ integrationId, kind: error.kind, reason: error.message }, 'webhook failed');
      return inboundReplyFor(error.kind, error.message);
    }
  }
}
