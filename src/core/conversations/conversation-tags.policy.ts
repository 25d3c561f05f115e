import { DomainError } from '../errors/domain-error';

export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 40;
const TAG = /^[a-z0-9_-]+$/;
/** How much of a refused tag an error message quotes back. */
const QUOTED_LENGTH = 50;

/**
 * One tag as stored: trimmed and lowercased, 1 to 40 characters of a-z, 0-9, - and _. Used for
 * the tags of a conversation and for the `tag` filter, so both agree on what a tag is.
 *
 * @example normalizeTag('  VIP ') === 'vip'
 */
export function normalizeTag(raw: string): string {
  const tag = raw.trim().toLowerCase();
  if (tag.length === 0) throw new DomainError('INVALID_INPUT', 'A tag must not be empty.');
  if (tag.length > MAX_TAG_LENGTH || !TAG.test(tag)) {
    throw new DomainError(
      'INVALID_INPUT',
      `Tag "${quote(raw.trim())}" is invalid: use 1 to ${MAX_TAG_LENGTH} characters of a-z, 0-9, - and _.`,
    );
  }
  return tag;
}

/**
 * A conversation's tags as stored: each normalised, duplicates dropped, sorted (a set has no
 * order, and a stable one lets "unchanged" be a plain comparison). At most 20.
 *
 * @example normalizeTags(['Billing', ' vip', 'billing']) → ['billing', 'vip']
 */
export function normalizeTags(raw: readonly string[]): string[] {
  const tags = [...new Set(raw.map(normalizeTag))].sort();
  if (tags.length > MAX_TAGS)
    throw new DomainError('INVALID_INPUT', `At most ${MAX_TAGS} tags per conversation (got ${tags.length}).`);
  return tags;
}

function quote(text: string): string {
  return text.length > QUOTED_LENGTH ? `${text.slice(0, QUOTED_LENGTH)}…` : text;
}
