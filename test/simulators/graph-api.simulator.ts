import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the fake Graph API received. */
export interface GraphRequest {
  method: string;
  /** Path without the query string, e.g. `/v21.0/me/messages`. */
  path: string;
  query: Record<string, string>;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** The parsed JSON body, or undefined when the body was empty or not JSON. */
  json: unknown;
  rawBody: Buffer;
  receivedAt: number;
  /** What the simulator answered. */
  status: number;
  response: unknown;
}

/** A Graph error the simulator returns on demand. */
export interface GraphFailure {
  /** Graph `error.code`: 613, 4, 80007 (rate limits), 190 (token), 10 (with 2018278: window), 131047, 2... */
  code: number;
  subcode?: number;
  /** HTTP status; by default the one Graph uses for the code (400 mostly, 401 for 190, 500 for 1 and 2). */
  status?: number;
  message?: string;
  /** How many of the next matching requests fail; default 1. */
  times?: number;
  /** Sent as a Retry-After header when given. */
  retryAfterSeconds?: number;
}

/** A media object the WhatsApp endpoints serve (`GET /{version}/{media-id}`, then the download URL). */
export interface SimulatedMedia {
  mimeType: string;
  bytes: Buffer;
}

/** A message the hub sent, as the simulator understood it (for printing and assertions). */
export interface SentGraphMessage {
  product: 'messenger' | 'whatsapp';
  /** The Messenger PSID or the WhatsApp number. */
  to: string;
  /** The id the simulator returned (`m_...` or `wamid....`). */
  id: string;
  /** Text, caption, template name, or attachment type and URL: a one-line summary. */
  summary: string;
  body: Record<string, unknown>;
}

/** A WhatsApp message template the simulator serves (`GET /{version}/{waba-id}/message_templates`). */
export interface SimulatedTemplate {
  name: string;
  language: string;
  /** Graph's status: APPROVED, PENDING, REJECTED, PAUSED... */
  status: string;
  category?: string;
  /** The BODY component's text, with {{1}}-style placeholders. */
  body: string;
}

/** How the next accepted message send is answered (`nextSend`). */
export interface NextSendOptions {
  /** The message id to answer with, instead of a random one. */
  id?: string;
  /** Hold the answer this long (the hub waits for it, as for a slow Graph API). */
  delayMs?: number;
}

/** The templates the simulator serves until `setTemplates` changes them. */
export const DEFAULT_SIMULATED_TEMPLATES: readonly SimulatedTemplate[] = [
  {
    name: 'order_update',
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    body: 'Hi {{1}}, your order {{2}} has shipped.',
  },
  {
    name: 'welcome_back',
    language: 'en_US',
    status: 'APPROVED',
    category: 'MARKETING',
    body: 'Welcome back! Reply to chat with us.',
  },
  {
    name: 'draft_offer',
    language: 'en_US',
    status: 'PENDING',
    category: 'MARKETING',
    body: 'Save {{1}} today.',
  },
];

export interface GraphApiSimulatorOptions {
  /**
   * Tokens the simulator accepts (bearer header or `access_token` query). Empty: any non-empty
   * token is accepted. A request without an accepted token gets Graph's code 190.
   */
  accessTokens?: string[];
}

type Json = Record<string, unknown>;

const WHATSAPP_TYPES = new Set([
  'text',
  'template',
  'image',
  'audio',
  'video',
  'document',
  'sticker',
  'interactive',
  'location',
  'contacts',
  'reaction',
]);
const MESSENGER_ATTACHMENT_TYPES = new Set(['image', 'video', 'audio', 'file', 'template']);

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Graph's usual HTTP status for an error code. */
function defaultStatus(code: number): number {
  if (code === 190 || code === 102) return 401;
  if (code === 1 || code === 2) return 500;
  if (code >= 200 && code <= 299) return 403;
  return 400;
}

function graphError(code: number, message: string, subcode?: number) {
  return {
    error: {
      message,
      type: code === 190 ? 'OAuthException' : 'GraphMethodException',
      code,
      ...(subcode !== undefined && { error_subcode: subcode }),
      fbtrace_id: `A${randomBytes(8).toString('base64url')}`,
    },
  };
}

/** Realistic-looking ids: Messenger `m_...`, WhatsApp `wamid.HBgL...`. */
export function messengerMessageId(): string {
  return `m_${randomBytes(24).toString('base64url')}`;
}
export function whatsappMessageId(): string {
  return `wamid.HBgL${randomBytes(27).toString('base64').replace(/=+$/, '')}`;
}

function summarise(product: SentGraphMessage['product'], body: Json): string {
  if (product === 'messenger') {
    const message = isObject(body.message) ? body.message : {};
    if (typeof message.text === 'string') return message.text;
    const attachment = isObject(message.attachment) ? message.attachment : {};
    const payload = isObject(attachment.payload) ? attachment.payload : {};
    return `[${String(attachment.type)}] ${String(payload.url ?? '')}`.trim();
  }
  const type = String(body.type);
  const part = isObject(body[type]) ? (body[type] as Json) : {};
  if (type === 'text') return String(part.body ?? '');
  if (type === 'template') return `[template ${String(part.name)}]`;
  if (type === 'interactive') {
    const bodyPart = isObject(part.body) ? part.body : {};
    return `[interactive] ${String(bodyPart.text ?? '')}`;
  }
  return `[${type}] ${String(part.caption ?? part.link ?? part.id ?? '')}`.trim();
}

/**
 * A local fake of the parts of Meta's Graph API the hub's Messenger and WhatsApp connectors use,
 * on 127.0.0.1 and a random port, speaking the wire format:
 *
 * - `POST /{version}/me/messages` and `POST /{version}/{page-id}/messages` (Messenger Send API):
 *   `{ recipient_id, message_id: 'm_...' }`;
 * - `POST /{version}/{phone-number-id}/messages` with `messaging_product: 'whatsapp'` (text,
 *   template, media, interactive...): `{ messaging_product, contacts: [{ input, wa_id }], messages: [{ id: 'wamid....' }] }`;
 * - `GET /{version}/{media-id}` (media URL lookup) and `GET /media/{media-id}` (the download,
 *   bearer token required, as Meta's lookaside URLs are).
 *
 * It records every request, checks the access token (code 190 when wrong), rejects malformed
 * sends with code 100, and fails on demand with any Graph code.
 *
 * @example
 * ```ts
 * const graph = new GraphApiSimulator({ accessTokens: ['page-token'] });
 * const baseUrl = await graph.start();
 * graph.failNext({ code: 613, times: 2 });
 * ...
 * expect(graph.sent).toMatchObject([{ product: 'messenger', to: '<PSID>', summary: 'Hello' }]);
 * await graph.stop();
 * ```
 */
export class GraphApiSimulator {
  readonly requests: GraphRequest[] = [];
  readonly sent: SentGraphMessage[] = [];
  private readonly failures: GraphFailure[] = [];
  private readonly media = new Map<string, SimulatedMedia>();
  private readonly nextSends: NextSendOptions[] = [];
  private templates: SimulatedTemplate[] = [...DEFAULT_SIMULATED_TEMPLATES];
  private readonly listeners: ((request: GraphRequest, sent?: SentGraphMessage) => void)[] = [];
  private server?: Server;
  private url?: string;

  constructor(private readonly options: GraphApiSimulatorOptions = {}) {}

  /** `http://127.0.0.1:<port>`; throws before `start()`. */
  get baseUrl(): string {
    if (!this.url) throw new Error('GraphApiSimulator is not started; await start() first');
    return this.url;
  }

  start(): Promise<string> {
    if (this.url) return Promise.resolve(this.url);
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, Buffer.concat(chunks), res));
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        resolve(this.url);
      });
    });
  }

  stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.url = undefined;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  }

  /** The next `times` (default 1) message sends and media requests fail with this Graph error. */
  failNext(failure: GraphFailure): void {
    this.failures.push({ ...failure, times: failure.times ?? 1 });
  }

  /** Serves `bytes` as WhatsApp media `id`; returns the id. */
  addMedia(id: string, media: SimulatedMedia): string {
    this.media.set(id, media);
    return id;
  }

  /** The WhatsApp templates `GET /{version}/{waba-id}/message_templates` lists (and sends are checked against). */
  setTemplates(templates: SimulatedTemplate[]): void {
    this.templates = [...templates];
  }

  /** The next accepted message send answers with this id and/or after this delay (queued, one per send). */
  nextSend(options: NextSendOptions): void {
    this.nextSends.push(options);
  }

  /** Called after every request (the CLI prints agent replies with it). */
  onRequest(listener: (request: GraphRequest, sent?: SentGraphMessage) => void): void {
    this.listeners.push(listener);
  }

  /** Forgets requests, sends, failures and media. */
  reset(): void {
    this.requests.length = 0;
    this.sent.length = 0;
    this.failures.length = 0;
    this.media.clear();
    this.nextSends.length = 0;
    this.templates = [...DEFAULT_SIMULATED_TEMPLATES];
  }

  private handle(req: IncomingMessage, rawBody: Buffer, res: ServerResponse): void {
    const parsed = new URL(req.url ?? '/', 'http://127.0.0.1');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    let json: unknown;
    try {
      json = rawBody.length > 0 ? JSON.parse(rawBody.toString('utf8')) : undefined;
    } catch {
      json = undefined;
    }
    const request: GraphRequest = {
      method: req.method ?? 'GET',
      path: parsed.pathname,
      query: Object.fromEntries(parsed.searchParams),
      headers,
      json,
      rawBody,
      receivedAt: Date.now(),
      status: 0,
      response: undefined,
    };
    const answer = this.answer(request);
    const next = answer.sent ? this.nextSends.shift() : undefined;
    if (answer.sent && next?.id) this.renameSent(answer, next.id);
    request.status = answer.status;
    request.response = answer.body;
    this.requests.push(request);
    if (answer.sent) this.sent.push(answer.sent);
    const isBytes = Buffer.isBuffer(answer.body);
    const reply = () => {
      res.writeHead(answer.status, {
        'content-type': isBytes ? (answer.contentType ?? 'application/octet-stream') : 'application/json',
        ...answer.headers,
      });
      res.end(isBytes ? answer.body : JSON.stringify(answer.body));
      for (const listener of this.listeners) listener(request, answer.sent);
    };
    if (next?.delayMs) setTimeout(reply, next.delayMs);
    else reply();
  }

  private answer(request: GraphRequest): {
    status: number;
    body: unknown;
    headers?: Record<string, string>;
    contentType?: string;
    sent?: SentGraphMessage;
  } {
    const segments = request.path.split('/').filter(Boolean);
    if (!this.tokenAccepted(request)) {
      return { status: 401, body: graphError(190, 'Invalid OAuth access token - Cannot parse access token') };
    }
    const failure = this.failures[0];
    if (failure) {
      failure.times = (failure.times ?? 1) - 1;
      if (failure.times <= 0) this.failures.shift();
      return {
        status: failure.status ?? defaultStatus(failure.code),
        body: graphError(
          failure.code,
          failure.message ?? `Simulated Graph error ${failure.code}`,
          failure.subcode,
        ),
        headers:
          failure.retryAfterSeconds === undefined
            ? undefined
            : { 'retry-after': String(failure.retryAfterSeconds) },
      };
    }
    // Media download: GET /media/{id} (the URL the lookup returns).
    if (request.method === 'GET' && segments.length === 2 && segments[0] === 'media') {
      const media = this.media.get(segments[1]);
      if (!media) return { status: 404, body: graphError(100, 'Media not found') };
      return { status: 200, body: media.bytes, contentType: media.mimeType };
    }
    if (!/^v\d+\.\d+$/.test(segments[0] ?? '')) {
      return {
        status: 400,
        body: graphError(2500, 'Unknown path components: the path must start with a version like v21.0'),
      };
    }
    // Media URL lookup: GET /{version}/{media-id}.
    if (request.method === 'GET' && segments.length === 2) {
      const media = this.media.get(segments[1]);
      if (!media)
        return { status: 400, body: graphError(100, 'Unsupported get request. Object does not exist') };
      return {
        status: 200,
        body: {
          messaging_product: 'whatsapp',
          url: `${this.baseUrl}/media/${segments[1]}`,
          mime_type: media.mimeType,
          sha256: createHash('sha256').update(media.bytes).digest('hex'),
          file_size: media.bytes.length,
          id: segments[1],
        },
      };
    }
    // WhatsApp templates: GET /{version}/{waba-id}/message_templates.
    if (request.method === 'GET' && segments.length === 3 && segments[2] === 'message_templates') {
      return {
        status: 200,
        body: {
          data: this.templates.map((t, i) => ({
            name: t.name,
            language: t.language,
            status: t.status,
            category: t.category ?? 'UTILITY',
            id: String(9_000_000_000 + i),
            components: [{ type: 'BODY', text: t.body }],
          })),
          paging: { cursors: { before: 'MAZDZD', after: 'MjQZD' } },
        },
      };
    }
    if (request.method === 'POST' && segments.length === 3 && segments[2] === 'messages') {
      if (!isObject(request.json))
        return { status: 400, body: graphError(100, 'The request body must be JSON') };
      return request.json.messaging_product === 'whatsapp'
        ? this.whatsappSend(request.json)
        : this.messengerSend(request.json);
    }
    return { status: 400, body: graphError(100, `Unsupported ${request.method} request`) };
  }

  /** Gives an accepted send the id a test chose (`nextSend({ id })`). */
  private renameSent(answer: { body: unknown; sent?: SentGraphMessage }, id: string): void {
    const sent = answer.sent as SentGraphMessage;
    sent.id = id;
    const body = answer.body as Json;
    if (Array.isArray(body.messages)) body.messages = (body.messages as Json[]).map((m) => ({ ...m, id }));
    else body.message_id = id;
  }

  private tokenAccepted(request: GraphRequest): boolean {
    const bearer = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const token = bearer ?? request.query.access_token;
    if (!token) return false;
    const accepted = this.options.accessTokens ?? [];
    return accepted.length === 0 || accepted.includes(token);
  }

  private messengerSend(body: Json) {
    const recipient = isObject(body.recipient) ? body.recipient.id : undefined;
    if (typeof recipient !== 'string' || recipient === '')
      return { status: 400, body: graphError(100, '(#100) The parameter recipient is required') };
    const type = body.messaging_type;
    if (type !== 'RESPONSE' && type !== 'UPDATE' && type !== 'MESSAGE_TAG')
      return {
        status: 400,
        body: graphError(100, '(#100) messaging_type must be RESPONSE, UPDATE or MESSAGE_TAG'),
      };
    if (type === 'MESSAGE_TAG' && typeof body.tag !== 'string')
      return { status: 400, body: graphError(100, '(#100) A MESSAGE_TAG message needs a tag') };
    const message = isObject(body.message) ? body.message : undefined;
    const attachment = message && isObject(message.attachment) ? message.attachment : undefined;
    const hasText = typeof message?.text === 'string' && message.text !== '';
    if (!message || (!hasText && !attachment))
      return {
        status: 400,
        body: graphError(100, '(#100) The parameter message must have text or an attachment'),
      };
    if (hasText && (message.text as string).length > 2000)
      return {
        status: 400,
        body: graphError(100, '(#100) Length of param message[text] must be less than or equal to 2000'),
      };
    if (attachment && !MESSENGER_ATTACHMENT_TYPES.has(String(attachment.type)))
      return { status: 400, body: graphError(100, '(#100) Unsupported attachment type') };
    const id = messengerMessageId();
    return {
      status: 200,
      body: { recipient_id: recipient, message_id: id },
      sent: { product: 'messenger' as const, to: recipient, id, summary: summarise('messenger', body), body },
    };
  }

  private whatsappSend(body: Json) {
    // A customer known only by their BSUID is addressed with `recipient` (2026 username rollout).
    const to = typeof body.to === 'string' && body.to !== '' ? body.to : body.recipient;
    if (typeof to !== 'string' || to === '')
      return { status: 400, body: graphError(100, '(#100) The parameter to is required.', 2494010) };
    const type = typeof body.type === 'string' ? body.type : 'text';
    if (!WHATSAPP_TYPES.has(type) || !isObject(body[type]))
      return { status: 400, body: graphError(131008, `(#131008) Required parameter is missing: ${type}`) };
    const part = body[type] as Json;
    if (type === 'text' && (typeof part.body !== 'string' || part.body === ''))
      return { status: 400, body: graphError(131008, '(#131008) Required parameter is missing: text.body') };
    if (type === 'template' && (typeof part.name !== 'string' || !isObject(part.language)))
      return { status: 400, body: graphError(131008, '(#131008) A template needs name and language') };
    if (type === 'template') {
      const known = this.templates.find(
        (t) => t.name === part.name && t.language === (part.language as Json).code && t.status === 'APPROVED',
      );
      if (!known)
        return {
          status: 404,
          body: graphError(132001, '(#132001) Template name does not exist in the translation'),
        };
      const components = Array.isArray(part.components) ? (part.components as Json[]) : [];
      const bodyComponent = components.find((c) => c.type === 'body');
      const given = Array.isArray(bodyComponent?.parameters) ? bodyComponent.parameters.length : 0;
      const wanted = Math.max(0, ...[...known.body.matchAll(/\{\{(\d+)\}\}/g)].map((m) => Number(m[1])));
      if (given !== wanted)
        return {
          status: 400,
          body: graphError(
            132000,
            '(#132000) Number of parameters does not match the expected number of params',
          ),
        };
    }
    if (['image', 'audio', 'video', 'document', 'sticker'].includes(type) && !part.id && !part.link)
      return { status: 400, body: graphError(131008, `(#131008) ${type} needs an id or a link`) };
    const id = whatsappMessageId();
    const wa = to.replace(/^\+/, '');
    return {
      status: 200,
      body: {
        messaging_product: 'whatsapp',
        contacts: [{ input: to, wa_id: wa }],
        messages: [type === 'template' ? { id, message_status: 'accepted' } : { id }],
      },
      sent: { product: 'whatsapp' as const, to: wa, id, summary: summarise('whatsapp', body), body },
    };
  }
}
