import { isJsonObject, storableText } from '../meta-graph';
import type { MessageTemplate } from '../sdk';

const STATUSES: Record<string, MessageTemplate['status']> = {
  APPROVED: 'approved',
  PENDING: 'pending',
  REJECTED: 'rejected',
  PAUSED: 'paused',
  DISABLED: 'disabled',
};

/**
 * How many parameters a body needs: the highest `{{n}}` placeholder.
 *
 * @example
 * ```ts
 * placeholderCount('Hi {{1}}, order {{2}} ships {{2}}'); // 2
 * ```
 */
export function placeholderCount(body: string): number {
  let max = 0;
  for (const match of body.matchAll(/\{\{\s*(\d{1,2})\s*\}\}/g)) max = Math.max(max, Number(match[1]));
  return max;
}

/**
 * The templates of one `GET /{version}/{waba-id}/message_templates` page
 * (https://developers.facebook.com/docs/graph-api/reference/whats-app-business-account/message_templates/),
 * as the SDK's `MessageTemplate`: the BODY component's text and its placeholder count. Items
 * without a name, a language or a body are left out. Pure.
 *
 * @example
 * ```ts
 * mapTemplatePage({ data: [{ name: 'order_update', language: 'en_US', status: 'APPROVED', category: 'UTILITY',
 *   components: [{ type: 'BODY', text: 'Hi {{1}}' }] }] });
 * // [{ name: 'order_update', language: 'en_US', status: 'approved', category: 'UTILITY', body: 'Hi {{1}}', parameterCount: 1 }]
 * ```
 */
export function mapTemplatePage(page: unknown): MessageTemplate[] {
  if (!isJsonObject(page) || !Array.isArray(page.data)) return [];
  return page.data.filter(isJsonObject).flatMap((t): MessageTemplate[] => {
    const body = Array.isArray(t.components)
      ? t.components.filter(isJsonObject).find((c) => c.type === 'BODY')?.text
      : undefined;
    if (typeof t.name !== 'string' || typeof t.language !== 'string' || typeof body !== 'string') return [];
    const text = storableText(body);
    return [
      {
        name: t.name,
        language: t.language,
        status: STATUSES[String(t.status)] ?? 'other',
        ...(typeof t.category === 'string' && { category: t.category }),
        body: text,
        parameterCount: placeholderCount(text),
      },
    ];
  });
}
