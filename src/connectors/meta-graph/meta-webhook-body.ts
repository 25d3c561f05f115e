import { ConnectorError, type CanonicalEvent, type ConnectorLogger } from '../sdk';

/**
 * The outcome of mapping a Meta webhook body. `ok: false` means nothing in it is usable (not
 * JSON, or not the `{ object, entry: [...] }` envelope; the host answers 400). With `ok: true`,
 * `skipped` says why invalid items were dropped (paths and rules only, never values) and
 * `ignored` counts what was left out on purpose, by the product's own reasons.
 */
export type MetaWebhookMapping<Ignored> =
  | { ok: true; events: CanonicalEvent[]; skipped: string[]; ignored: Ignored }
  | { ok: false; problem: string };

/** A JSON object as parsed from a webhook body: nothing is trusted until checked. */
export type JsonObject = Record<string, unknown>;

/** True for a JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `value` without its `undefined` fields, so mapped events compare and store without empty keys.
 *
 * @example
 * ```ts
 * dropUndefined({ text: 'Hi', metadata: undefined }); // { text: 'Hi' }
 * ```
 */
export function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The envelope of a Meta webhook body, `{ object, entry: [...] }`: `invalid` when nothing in it is
 * usable (the host answers 400), `other-object` when it is for another product (Instagram,
 * another app subscription; acknowledged and ignored), else its entries, unchecked.
 */
export type MetaWebhookBody =
  { kind: 'entries'; entries: unknown[] } | { kind: 'other-object' } | { kind: 'invalid'; problem: string };

/**
 * Reads the envelope of a Meta webhook body whose `object` must be `object` (`page` for
 * Messenger, `whatsapp_business_account` for WhatsApp)
 * (https://developers.facebook.com/docs/graph-api/webhooks/getting-started/).
 *
 * @example
 * ```ts
 * readMetaWebhookBody(Buffer.from('{"object":"page","entry":[]}'), 'page'); // { kind: 'entries', entries: [] }
 * readMetaWebhookBody(Buffer.from('{"object":"instagram","entry":[]}'), 'page'); // { kind: 'other-object' }
 * ```
 */
export function readMetaWebhookBody(rawBody: Buffer, object: string): MetaWebhookBody {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return { kind: 'invalid', problem: 'the body is not valid JSON' };
  }
  if (!isJsonObject(body)) return { kind: 'invalid', problem: 'the body must be a JSON object' };
  if (body.object !== object) return { kind: 'other-object' };
  if (!Array.isArray(body.entry)) return { kind: 'invalid', problem: 'entry must be an array' };
  return { kind: 'entries', entries: body.entry };
}

/** What mapping one item of a webhook gave: events, a reason it was left out on purpose, or a problem. */
export type MetaItemResult<Ignored> =
  { events: CanonicalEvent[] } | { ignored: keyof Ignored } | { problem: string };

/** What {@link mapMetaWebhook} needs to know about the product. */
export interface MetaWebhookProduct<Ignored> {
  /** The body's `object`: `page`, `whatsapp_business_account`. */
  object: string;
  /** Every reason the product ignores items for, at zero. */
  ignored: Ignored;
  /** The reason a body of another product counts under. */
  otherObject: keyof Ignored;
}

/**
 * Maps a Meta webhook body entry by entry: reads the envelope, skips entries that are not
 * objects, and hands each other entry (with its path, like `entry[2]`) to `mapEntry`, which
 * records what each of its items gave. Invalid items never stop the valid ones.
 *
 * @example
 * ```ts
 * mapMetaWebhook(rawBody, { object: 'page', ignored: { otherTypes: 0 }, otherObject: 'otherTypes' }, (entry, at, record) =>
 *   Array.isArray(entry.messaging) ? entry.messaging.forEach((item) => record(mapItem(item))) : record({ problem: `${at}.messaging must be an array` }),
 * );
 * ```
 */
export function mapMetaWebhook<Ignored extends { [K in keyof Ignored]: number }>(
  rawBody: Buffer,
  product: MetaWebhookProduct<Ignored>,
  mapEntry: (entry: JsonObject, path: string, record: (result: MetaItemResult<Ignored>) => void) => void,
): MetaWebhookMapping<Ignored> {
  const body = readMetaWebhookBody(rawBody, product.object);
  if (body.kind === 'invalid') return { ok: false, problem: body.problem };
  const ignored: Record<keyof Ignored, number> = { ...product.ignored };
  const events: CanonicalEvent[] = [];
  const skipped: string[] = [];
  const record = (result: MetaItemResult<Ignored>) => {
    if ('events' in result) events.push(...result.events);
    else if ('ignored' in result) ignored[result.ignored] += 1;
    else skipped.push(result.problem);
  };
  if (body.kind === 'other-object') record({ ignored: product.otherObject });
  else
    body.entries.forEach((entry: unknown, i) => {
      const path = `entry[${i}]`;
      if (isJsonObject(entry)) mapEntry(entry, path, record);
      else record({ problem: `${path} must be an object` });
    });
  return { ok: true, events, skipped, ignored: ignored as Ignored };
}

/** How many skipped items' problems one log line lists. */
const MAX_PROBLEMS_LOGGED = 20;

/**
 * The usable part of a mapped webhook: throws `ConnectorError('permanent')` when the body was
 * not a `product` webhook at all (the host answers 400), and logs the items that were skipped.
 * The problems name paths and rules only, never the sender's values, so they are safe to log.
 *
 * @example
 * ```ts
 * const mapping = usableWebhookMapping(mapMessengerWebhook(req.rawBody, opts), 'Messenger', ctx.logger);
 * return mapping.events;
 * ```
 */
export function usableWebhookMapping<Ignored>(
  mapping: MetaWebhookMapping<Ignored>,
  product: string,
  logger: ConnectorLogger,
): Extract<MetaWebhookMapping<Ignored>, { ok: true }> {
  if (!mapping.ok)
    throw new ConnectorError('permanent', `Request body is not a ${product} webhook: ${mapping.problem}`);
  if (mapping.skipped.length > 0) {
    logger.warn(`Skipped invalid items in a ${product} webhook`, {
      skipped: mapping.skipped.length,
      problems: mapping.skipped.slice(0, MAX_PROBLEMS_LOGGED),
    });
  }
  return mapping;
}
