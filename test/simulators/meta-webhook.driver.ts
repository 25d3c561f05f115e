import { createHmac, randomBytes } from 'node:crypto';

/**
 * Escapes a JSON text the way Meta does before signing and sending it: every non-ASCII UTF-16
 * code unit as `\uXXXX` (lower-case hex), and `/` → `\/`, `<` → `\u003C`, `%` → `\u0025`,
 * `@` → `\u0040` (quoted in PLATFORMS.md §1). The result parses to the same value but has other
 * bytes, which is why the hub must hash the raw body.
 *
 * @example
 * ```ts
 * escapeLikeMeta('{"text":"ä/<"}'); // '{"text":"\\u00e4\\/\\u003C"}'
 * ```
 */
export function escapeLikeMeta(json: string): string {
  let out = '';
  for (let i = 0; i < json.length; i++) {
    const ch = json[i];
    const code = json.charCodeAt(i);
    if (code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else if (ch === '/') out += '\\/';
    else if (ch === '<') out += '\\u003C';
    else if (ch === '%') out += '\\u0025';
    else if (ch === '@') out += '\\u0040';
    else out += ch;
  }
  return out;
}

/** `sha256=<hex>` of the bytes with the app secret: Meta's `X-Hub-Signature-256`. */
export function metaSignature(appSecret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

const nowMs = () => Date.now();
const mid = () => `m_${randomBytes(18).toString('base64url')}`;
const wamid = () => `wamid.HBgL${randomBytes(24).toString('base64').replace(/=+$/, '')}`;

/** Builders of Messenger webhook bodies (https://developers.facebook.com/docs/messenger-platform/webhook). */
export const messengerEvents = {
  /** One `entry` of a Page with its `messaging` items. */
  entry(pageId: string, messaging: object[], time = nowMs()) {
    return { id: pageId, time, messaging };
  },
  /** The `{ object: 'page', entry: [...] }` envelope. */
  body(...entries: object[]) {
    return { object: 'page', entry: entries };
  },
  text(psid: string, pageId: string, text: string, opts: { mid?: string; timestamp?: number } = {}) {
    return {
      sender: { id: psid },
      recipient: { id: pageId },
      timestamp: opts.timestamp ?? nowMs(),
      message: { mid: opts.mid ?? mid(), text },
    };
  },
  attachment(
    psid: string,
    pageId: string,
    type: 'image' | 'video' | 'audio' | 'file' | 'location' | 'fallback',
    url: string,
    opts: { mid?: string; timestamp?: number } = {},
  ) {
    return {
      sender: { id: psid },
      recipient: { id: pageId },
      timestamp: opts.timestamp ?? nowMs(),
      message: { mid: opts.mid ?? mid(), attachments: [{ type, payload: { url } }] },
    };
  },
  quickReply(psid: string, pageId: string, text: string, payload: string, opts: { mid?: string } = {}) {
    return {
      sender: { id: psid },
      recipient: { id: pageId },
      timestamp: nowMs(),
      message: { mid: opts.mid ?? mid(), text, quick_reply: { payload } },
    };
  },
  postback(psid: string, pageId: string, title: string, payload: string, opts: { mid?: string } = {}) {
    return {
      sender: { id: psid },
      recipient: { id: pageId },
      timestamp: nowMs(),
      postback: { mid: opts.mid ?? mid(), title, payload },
    };
  },
  /** An echo of a message the Page sent (our own sends come back like this). */
  echo(psid: string, pageId: string, text: string, appId = 1517776481860111) {
    return {
      sender: { id: pageId },
      recipient: { id: psid },
      timestamp: nowMs(),
      message: { is_echo: true, app_id: appId, mid: mid(), text },
    };
  },
  delivery(psid: string, pageId: string, watermark: number, mids?: string[]) {
    return {
      sender: { id: psid },
      recipient: { id: pageId },
      delivery: { ...(mids && { mids }), watermark },
    };
  },
  read(psid: string, pageId: string, watermark: number) {
    return { sender: { id: psid }, recipient: { id: pageId }, timestamp: nowMs(), read: { watermark } };
  },
};

/**
 * Builders of WhatsApp Cloud API webhook bodies
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages).
 */
export const whatsappEvents = {
  body(wabaId: string, ...values: object[]) {
    return {
      object: 'whatsapp_business_account',
      entry: [{ id: wabaId, changes: values.map((value) => ({ field: 'messages', value })) }],
    };
  },
  /** A `value` with messages from contacts, as Meta batches them. */
  messages(
    phoneNumberId: string,
    displayPhoneNumber: string,
    contacts: { waId?: string; userId?: string; name?: string }[],
    messages: object[],
  ) {
    return {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: displayPhoneNumber, phone_number_id: phoneNumberId },
      contacts: contacts.map((c) => ({
        profile: { name: c.name ?? c.waId ?? c.userId },
        ...(c.waId && { wa_id: c.waId }),
        ...(c.userId && { user_id: c.userId }),
      })),
      messages,
    };
  },
  /** Any other message type, as Meta sends it: `{ type, [type]: part }` (reaction, location, interactive, unknown ones). */
  typed(from: string, type: string, part?: object, opts: { id?: string; timestamp?: number } = {}) {
    return {
      from,
      id: opts.id ?? wamid(),
      timestamp: String(Math.floor((opts.timestamp ?? nowMs()) / 1000)),
      type,
      ...(part && { [type]: part }),
    };
  },
  text(from: string, text: string, opts: { id?: string; timestamp?: number } = {}) {
    return {
      from,
      id: opts.id ?? wamid(),
      timestamp: String(Math.floor((opts.timestamp ?? nowMs()) / 1000)),
      type: 'text',
      text: { body: text },
    };
  },
  media(
    from: string,
    type: 'image' | 'audio' | 'video' | 'document',
    mediaId: string,
    mimeType: string,
    opts: { id?: string; caption?: string } = {},
  ) {
    return {
      from,
      id: opts.id ?? wamid(),
      timestamp: String(Math.floor(nowMs() / 1000)),
      type,
      [type]: {
        id: mediaId,
        mime_type: mimeType,
        sha256: 'simulated',
        ...(opts.caption && { caption: opts.caption }),
      },
    };
  },
  /** A `value` with statuses of messages the business sent. */
  statuses(
    phoneNumberId: string,
    displayPhoneNumber: string,
    statuses: {
      id: string;
      recipientId: string;
      status: 'sent' | 'delivered' | 'read' | 'failed';
      timestamp?: number;
      /** For `failed`: Meta's `errors` array, e.g. `[{ code: 131047, title: 'Re-engagement message' }]`. */
      errors?: object[];
    }[],
  ) {
    return {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: displayPhoneNumber, phone_number_id: phoneNumberId },
      statuses: statuses.map((s) => ({
        id: s.id,
        recipient_id: s.recipientId,
        status: s.status,
        timestamp: String(Math.floor((s.timestamp ?? nowMs()) / 1000)),
        ...(s.errors && { errors: s.errors }),
      })),
    };
  },
};

/** How a driver signs a request. */
export type SignatureMode = 'valid' | 'wrong-secret' | 'missing' | 'tampered';

export interface DriverReply {
  status: number;
  body: string;
}

/**
 * Posts Meta webhooks to the hub, signed with `X-Hub-Signature-256` over the exact bytes sent.
 * Objects are serialised and, by default, escaped like Meta escapes them.
 *
 * @example
 * ```ts
 * const driver = new MetaWebhookDriver({ hubUrl: hub.url, integrationId, appSecret });
 * await driver.post(messengerEvents.body(messengerEvents.entry(pageId, [messengerEvents.text(psid, pageId, 'Hi ä')])));
 * await driver.post('{"object":', { signature: 'valid' }); // malformed JSON, correctly signed
 * ```
 */
export class MetaWebhookDriver {
  constructor(private readonly opts: { hubUrl: string; integrationId: string; appSecret: string }) {}

  get webhookUrl(): string {
    return `${this.opts.hubUrl.replace(/\/$/, '')}/webhooks/${this.opts.integrationId}`;
  }

  /** The exact bytes `post` sends for `body`. */
  bytesOf(body: object | string | Buffer, escape = true): Buffer {
    if (Buffer.isBuffer(body)) return body;
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return Buffer.from(escape && typeof body !== 'string' ? escapeLikeMeta(text) : text, 'utf8');
  }

  async post(
    body: object | string | Buffer,
    options: { signature?: SignatureMode; escape?: boolean; headers?: Record<string, string> } = {},
  ): Promise<DriverReply> {
    const bytes = this.bytesOf(body, options.escape ?? true);
    const mode = options.signature ?? 'valid';
    const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
    if (mode === 'valid' || mode === 'tampered')
      headers['x-hub-signature-256'] = metaSignature(this.opts.appSecret, bytes);
    if (mode === 'wrong-secret')
      headers['x-hub-signature-256'] = metaSignature(`${this.opts.appSecret}-not`, bytes);
    const sent = mode === 'tampered' ? Buffer.concat([bytes, Buffer.from(' ')]) : bytes;
    const res = await fetch(this.webhookUrl, { method: 'POST', headers, body: new Uint8Array(sent) });
    return { status: res.status, body: await res.text() };
  }

  /** Meta's GET subscription check. */
  async handshake(
    verifyToken: string,
    challenge = String(Math.floor(Math.random() * 1e9)),
  ): Promise<DriverReply> {
    const query = new URLSearchParams({
      'hub.mode': 'subscribe',
      'hub.verify_token': verifyToken,
      'hub.challenge': challenge,
    });
    const res = await fetch(`${this.webhookUrl}?${query}`);
    return { status: res.status, body: await res.text() };
  }
}
