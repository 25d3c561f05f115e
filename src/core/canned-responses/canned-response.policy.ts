import { isAdmin, type Principal } from '../auth/principal';
import { likeLiteral } from '../database/like-pattern';
import { DomainError } from '../errors/domain-error';

/** What a client sends to create or replace a canned response. */
export interface CannedResponseInput {
  shortcut: string;
  title: string;
  text: string;
  /** Shared with the whole workspace (admins only) instead of personal to the caller. */
  shared?: boolean;
}

export interface ValidCannedResponse {
  shortcut: string;
  title: string;
  text: string;
  shared: boolean;
}

/** The patterns of a list search: shortcut prefix, or title or text containing it (ILIKE). */
export interface CannedResponseSearch {
  prefix: string;
  contains: string;
}

const SHORTCUT = /^[a-z0-9_-]{1,40}$/;
const MAX_TITLE = 100;
const MAX_TEXT = 5000;
const MAX_SEARCH = 200;

/** PostgreSQL text cannot hold NUL; a pasted one is dropped rather than failing the insert. */
function clean(raw: string): string {
  return raw.replaceAll('\u0000', '').trim();
}

/** Trimmed and lower-cased: `Refund-Policy ` is stored as `refund-policy`. */
export function validShortcut(raw: string): string {
  const shortcut = raw.trim().toLowerCase();
  if (!SHORTCUT.test(shortcut))
    throw new DomainError(
      'INVALID_INPUT',
      'shortcut must be 1 to 40 characters of a-z, 0-9, - and _ (for example refund-policy).',
    );
  return shortcut;
}

export function validTitle(raw: string): string {
  const title = clean(raw);
  if (title.length === 0 || title.length > MAX_TITLE)
    throw new DomainError('INVALID_INPUT', `title must be 1 to ${MAX_TITLE} characters.`);
  return title;
}

export function validText(raw: string): string {
  const text = clean(raw);
  if (text.length === 0 || text.length > MAX_TEXT)
    throw new DomainError('INVALID_INPUT', `text must be 1 to ${MAX_TEXT} characters.`);
  return text;
}

export function validCannedResponse(input: CannedResponseInput): ValidCannedResponse {
  return {
    shortcut: validShortcut(input.shortcut),
    title: validTitle(input.title),
    text: validText(input.text),
    shared: input.shared ?? false,
  };
}

/**
 * ILIKE patterns for a search, with the user's `%`, `_` and `\` taken literally (backslash is
 * PostgreSQL's default LIKE escape); undefined for an empty search, which lists everything.
 *
 * @example cannedResponseSearch('50%') → { prefix: '50\\%%', contains: '%50\\%%' }
 */
export function cannedResponseSearch(raw: string | null | undefined): CannedResponseSearch | undefined {
  const search = clean(raw ?? '');
  if (search.length === 0) return undefined;
  if (search.length > MAX_SEARCH)
    throw new DomainError('INVALID_INPUT', `search must be at most ${MAX_SEARCH} characters.`);
  const literal = likeLiteral(search);
  return { prefix: `${literal}%`, contains: `%${literal}%` };
}

/**
 * Who owns a canned response once `actor` created it (`existing` undefined) or replaced it:
 * null for a shared one, else the actor. Shared ones are managed by admins only, so a non-admin
 * may neither make one nor change one (FORBIDDEN: shared ones are visible to everyone). Someone
 * else's personal one never gets here: it is NOT_FOUND to anyone but its owner.
 */
export function ownerAfterChange(
  actor: Pick<Principal, 'agentId' | 'role'>,
  existing: { shared: boolean } | undefined,
  shared: boolean,
): string | null {
  if (existing) assertCanManage(actor, existing);
  if (shared && !isAdmin(actor)) throw onlyAdminsShare();
  return shared ? null : actor.agentId;
}

/** A shared canned response is changed or deleted by admins only. */
export function assertCanManage(actor: Pick<Principal, 'role'>, existing: { shared: boolean }): void {
  if (existing.shared && !isAdmin(actor)) throw onlyAdminsShare();
}

function onlyAdminsShare(): DomainError {
  return new DomainError('FORBIDDEN', 'Only admins can create, change or delete shared canned responses.');
}
