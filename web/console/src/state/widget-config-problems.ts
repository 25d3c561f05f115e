/**
 * The hub refuses a widget customization with one message naming every problem by its path
 * ("Invalid widget config: appearance.primaryColor: must be a colour like #1f6feb; locale: …").
 * The form shows each next to its field: this splits the message into path → problem.
 */
export function widgetConfigProblems(message: string): Map<string, string> {
  const problems = new Map<string, string>();
  const body = message.replace(/^Invalid widget config:\s*/, '');
  if (body === message) return problems;
  for (const part of body.split(/;\s+/)) {
    const match = /^([\w.]+): (.+)$/.exec(part.trim());
    if (!match) continue;
    const [, path, problem] = match;
    const known = problems.get(path);
    problems.set(path, known ? `${known}; ${problem}` : problem);
  }
  return problems;
}

/** The problem for a form field: its own path, or a path inside it (prechat.fields.0.label → prechat). */
export function problemFor(problems: ReadonlyMap<string, string>, field: string): string | undefined {
  const found: string[] = [];
  for (const [path, problem] of problems)
    if (path === field || path.startsWith(`${field}.`)) found.push(problem);
  return found.length > 0 ? found.join('; ') : undefined;
}
