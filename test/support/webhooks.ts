import { randomUUID } from 'node:crypto';
import { signStandardWebhook } from '../../src/connectors/api';

export interface ApiMessageOptions {
  id?: string;
  contactId?: string;
  contactEmail?: string;
  text?: string;
  thread?: string;
}

/** A body in the api connector's inbound format (docs/connectors/api.md). */
export function apiMessageBody(opts: ApiMessageOptions = {}): string {
  return JSON.stringify({
    type: 'message',
    id: opts.id ?? randomUUID(),
    contact: {
      id: opts.contactId ?? `contact-${randomUUID()}`,
      name: 'Ada Lovelace',
      ...(opts.contactEmail ? { email: opts.contactEmail } : {}),
    },
    ...(opts.thread ? { thread: opts.thread } : {}),
    text: opts.text ?? 'Hello, I need help with my order',
  });
}

/** Standard Webhooks headers for `body`, signed now (or at `at`). */
export function signedHeaders(
  secret: string,
  body: string,
  at: Date = new Date(),
  id: string = `msg_${randomUUID()}`,
) {
  return {
    'content-type': 'application/json',
    ...signStandardWebhook({ secret, id, timestamp: at, body }),
  };
}

export async function postWebhook(
  hubUrl: string,
  integrationId: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string; ms: number }> {
  const started = Date.now();
  const res = await fetch(`${hubUrl}/webhooks/${integrationId}`, { method: 'POST', headers, body });
  return { status: res.status, body: await res.text(), ms: Date.now() - started };
}

/** Posts a freshly signed api-connector message. */
export async function postApiMessage(
  hubUrl: string,
  integrationId: string,
  secret: string,
  opts: ApiMessageOptions = {},
) {
  const body = apiMessageBody(opts);
  return postWebhook(hubUrl, integrationId, body, signedHeaders(secret, body));
}
