import type { Invitation } from '../shared/protocol';

/** What the loader knows about this page view when it decides on a proactive invitation. */
export interface InvitationContext {
  /** The page's full URL (`location.href`). */
  url: string;
  /** Distinct browser sessions of this visitor on the site, this one included (≥ 1). */
  visits: number;
  /** Invitations the visitor closed earlier in this browser session. */
  dismissed: readonly string[];
  /** True while a chat is open or the panel is showing: no invitation then. */
  busy: boolean;
}

/**
 * `*` matches any run of characters (including none); everything else is literal and the pattern
 * must cover the whole URL. `null` or an empty pattern matches every page.
 *
 * @example urlMatches('https://shop.example.com/pricing*', 'https://shop.example.com/pricing?plan=pro') // true
 */
export function urlMatches(pattern: string | null, url: string): boolean {
  if (pattern === null || pattern.trim() === '') return true;
  const source = pattern
    .trim()
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(url);
}

/** The first invitation, in the configured order, whose rules all hold for this page view. */
export function pickInvitation(
  invitations: readonly Invitation[],
  context: InvitationContext,
): Invitation | null {
  if (context.busy) return null;
  return (
    invitations.find(
      (invitation) =>
        !context.dismissed.includes(invitation.id) &&
        context.visits >= invitation.minVisits &&
        (!invitation.returningOnly || context.visits > 1) &&
        urlMatches(invitation.urlPattern, context.url),
    ) ?? null
  );
}
