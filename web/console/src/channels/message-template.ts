import type { MessageTemplate } from '../api/hub-types';

/** The hub's limit for one parameter (src/core/conversations/send-template.service.ts). */
export const MAX_TEMPLATE_PARAMETER_LENGTH = 1024;

const PLACEHOLDER = /\{\{\s*(\d{1,2})\s*\}\}/g;

/** A piece of a template body: text as written, or the placeholder {{n}} with its value so far. */
export type TemplatePart = { text: string } | { placeholder: number; value: string | null };

/**
 * The body split into text and placeholders, so the preview can mark what the parameters fill.
 *
 * @example
 * templateParts('Hi {{1}}!', ['Ada']) // [{ text: 'Hi ' }, { placeholder: 1, value: 'Ada' }, { text: '!' }]
 */
export function templateParts(body: string, parameters: readonly string[]): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let at = 0;
  for (const match of body.matchAll(PLACEHOLDER)) {
    const start = match.index ?? 0;
    if (start > at) parts.push({ text: body.slice(at, start) });
    const n = Number(match[1]);
    const value = normalizeTemplateParameter(parameters[n - 1] ?? '');
    parts.push({ placeholder: n, value: value === '' ? null : value });
    at = start + match[0].length;
  }
  if (at < body.length) parts.push({ text: body.slice(at) });
  return parts;
}

/**
 * The text the customer will read: each {{n}} replaced by the n-th parameter as the hub stores it
 * (unfilled ones stay {{n}}).
 *
 * @example renderTemplate('Hi {{1}}, order {{2}}.', ['Ada', ' #4711 ']) // 'Hi Ada, order #4711.'
 */
export function renderTemplate(body: string, parameters: readonly string[]): string {
  return templateParts(body, parameters)
    .map((part) => ('text' in part ? part.text : (part.value ?? `{{${part.placeholder}}}`)))
    .join('');
}

/** A parameter as the hub will send it: no NUL, new lines and tabs as spaces, trimmed. */
export function normalizeTemplateParameter(raw: string): string {
  return raw
    .replaceAll('\u0000', '')
    .replace(/[\n\t]+/g, ' ')
    .trim();
}

export type TemplateParameterProblem = 'required' | 'tooLong';

/**
 * What is wrong with each parameter (index by index), null where it is fine; the form shows them
 * next to the fields and sends only when every one is null.
 *
 * @example templateParameterProblems(2, ['Ada', '  ']) // [null, 'required']
 */
export function templateParameterProblems(
  parameterCount: number,
  parameters: readonly string[],
): (TemplateParameterProblem | null)[] {
  return Array.from({ length: parameterCount }, (_, i) => {
    const value = normalizeTemplateParameter(parameters[i] ?? '');
    if (value === '') return 'required';
    if (value.length > MAX_TEMPLATE_PARAMETER_LENGTH) return 'tooLong';
    return null;
  });
}

/**
 * The templates whose name, body, language or category contain every word of `search`
 * (case-insensitive; `_` in names matches a space), in the hub's order.
 *
 * @example filterTemplates(templates, 'order ship') // order_update: "…your order has shipped."
 */
export function filterTemplates(templates: readonly MessageTemplate[], search: string): MessageTemplate[] {
  const words = search.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...templates];
  return templates.filter((t) => {
    const haystack = [t.name, t.name.replace(/_/g, ' '), t.body, t.language, t.category ?? '']
      .join('\n')
      .toLocaleLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}
