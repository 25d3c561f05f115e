import type { CanonicalAttachment, CanonicalMessageEvent, ContactRef, PrechatAnswer } from '../sdk';
import type { PrechatField, WidgetConfig } from './widget-config';

export const MAX_VISITOR_TEXT = 5_000;
export const MAX_VISITOR_ATTACHMENTS = 5;
const CLIENT_ID = /^[A-Za-z0-9_-]{8,100}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;

/** Whether a visitor-given email looks like one (a local part, @, a domain with a dot). */
export function isEmailAddress(value: string): boolean {
  return EMAIL.test(value);
}
// Files are looked up in a uuid column, where any other string is a database error, not a miss.
const FILE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the visitor's browser sent, before validation. */
export interface VisitorMessageFrame {
  clientMessageId?: unknown;
  text?: unknown;
  attachments?: unknown;
  prechat?: unknown;
}

export type VisitorMessageMapping =
  { ok: true; event: CanonicalMessageEvent } | { ok: false; problem: string };

/** Reads the file ids of a message frame (the host resolves them to stored files). */
export function attachmentFileIds(frame: VisitorMessageFrame): string[] | string {
  if (frame.attachments === undefined) return [];
  if (!Array.isArray(frame.attachments)) return 'attachments must be a list of {fileId}';
  if (frame.attachments.length > MAX_VISITOR_ATTACHMENTS)
    return `at most ${MAX_VISITOR_ATTACHMENTS} attachments per message`;
  const ids: string[] = [];
  for (const [i, a] of frame.attachments.entries()) {
    const id = (a as { fileId?: unknown } | null)?.fileId;
    if (typeof id !== 'string' || !FILE_ID.test(id)) return `attachments[${i}].fileId must be a file id`;
    ids.push(id);
  }
  return ids;
}

/**
 * Turns a visitor's message into the canonical message event the ingest stores. The widget's
 * `clientMessageId` is the dedupe key (a resend after a reconnect is stored once), so it is
 * namespaced by visitor: two visitors can never collide. Pre-chat answers are checked against
 * the survey the admin configured: required fields present, choices among the options, an email
 * that looks like one, and consent recorded with its wording and time.
 */
export function mapVisitorMessage(
  frame: VisitorMessageFrame,
  visitor: ContactRef,
  config: Pick<WidgetConfig, 'prechat'>,
  attachments: CanonicalAttachment[],
  now: Date,
): VisitorMessageMapping {
  if (typeof frame.clientMessageId !== 'string' || !CLIENT_ID.test(frame.clientMessageId))
    return { ok: false, problem: 'clientMessageId must be 8 to 100 letters, digits, _ or -' };
  if (frame.text !== undefined && typeof frame.text !== 'string')
    return { ok: false, problem: 'text must be a string' };
  const text = (frame.text ?? '').trim();
  if (text.length > MAX_VISITOR_TEXT)
    return { ok: false, problem: `text must be at most ${MAX_VISITOR_TEXT} characters` };
  if (text.length === 0 && attachments.length === 0)
    return { ok: false, problem: 'a message needs text or an attachment' };

  let prechat: PrechatAnswer[] | undefined;
  if (frame.prechat !== undefined && frame.prechat !== null && config.prechat.enabled) {
    const answers = mapPrechatAnswers(frame.prechat, config.prechat.fields, now);
    if (typeof answers === 'string') return { ok: false, problem: answers };
    prechat = answers;
  }
  const contact: ContactRef = { ...visitor };
  for (const answer of prechat ?? []) {
    if (answer.type === 'name' && typeof answer.value === 'string' && answer.value)
      contact.name = answer.value;
    if (answer.type === 'email' && typeof answer.value === 'string' && answer.value)
      contact.email = answer.value;
  }
  const event: CanonicalMessageEvent = {
    type: 'message',
    externalId: `${visitor.externalId}:${frame.clientMessageId}`,
    contact,
    occurredAt: now,
    ...(text ? { text } : {}),
    ...(attachments.length ? { attachments } : {}),
    ...(prechat ? { prechat } : {}),
  };
  return { ok: true, event };
}

/** Validates answers keyed by field id against the survey; returns a problem string when invalid. */
export function mapPrechatAnswers(
  raw: unknown,
  fields: readonly PrechatField[],
  now: Date,
): PrechatAnswer[] | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return 'prechat must be an object of answers by field id';
  const given = raw as Record<string, unknown>;
  for (const key of Object.keys(given))
    if (!fields.some((f) => f.id === key)) return `prechat.${key} is not a field of this survey`;
  const answers: PrechatAnswer[] = [];
  for (const field of fields) {
    // Own keys only: a field an admin named `constructor` must not be answered by the prototype.
    const value = Object.hasOwn(given, field.id) ? given[field.id] : undefined;
    const empty = value === undefined || value === null || value === '' || value === false;
    if (empty) {
      if (field.required) return `prechat.${field.id} (${field.label}) is required`;
      continue;
    }
    const answer = checkAnswer(field, value);
    if (!answer.ok) return answer.problem;
    answers.push({
      fieldId: field.id,
      type: field.type,
      label: field.label,
      value: answer.value,
      answeredAt: now.toISOString(),
    });
  }
  return answers;
}

type CheckedAnswer = { ok: true; value: string | boolean } | { ok: false; problem: string };

// A text answer and a problem are both strings, so the result says which one it is.
function checkAnswer(field: PrechatField, value: unknown): CheckedAnswer {
  const path = `prechat.${field.id}`;
  const valid = (v: string | boolean): CheckedAnswer => ({ ok: true, value: v });
  const invalid = (problem: string): CheckedAnswer => ({ ok: false, problem });
  switch (field.type) {
    case 'consent':
      return value === true ? valid(true) : invalid(`${path} must be true (consent given) or left out`);
    case 'email':
      return typeof value === 'string' && EMAIL.test(value.trim()) && value.length <= 320
        ? valid(value.trim())
        : invalid(`${path} must be an email address`);
    case 'choice':
      return typeof value === 'string' && field.options?.includes(value)
        ? valid(value)
        : invalid(`${path} must be one of: ${(field.options ?? []).join(', ')}`);
    case 'name':
    case 'text':
      return typeof value === 'string' && value.trim().length > 0 && value.length <= 2000
        ? valid(value.trim())
        : invalid(`${path} must be text of at most 2000 characters`);
  }
}
