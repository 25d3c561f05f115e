/** Where a `/shortcut` being typed sits in the composer text. */
export interface CannedTrigger {
  /** Index of the `/`. */
  start: number;
  /** Index just after the typed query (the caret). */
  end: number;
  /** What follows the `/`, the cannedResponses(search) argument. */
  query: string;
}

/**
 * A `/` at the start of the text or after a space, followed up to the caret by no space, opens
 * the canned responses popup; `a/b` and URLs do not.
 */
export function findCannedTrigger(text: string, caret: number): CannedTrigger | null {
  const before = text.slice(0, caret);
  const match = /(?:^|\s)\/([^\s/]*)$/.exec(before);
  if (!match) return null;
  const query = match[1];
  return { start: caret - query.length - 1, end: caret, query };
}

/** The text with the `/query` replaced by a canned response, and where the caret goes. */
export function insertCanned(
  text: string,
  trigger: CannedTrigger,
  replacement: string,
): { text: string; caret: number } {
  const next = text.slice(0, trigger.start) + replacement + text.slice(trigger.end);
  return { text: next, caret: trigger.start + replacement.length };
}
