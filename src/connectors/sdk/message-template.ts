/**
 * A pre-approved message template of the provider (WhatsApp's templates, the only messages it
 * accepts outside its 24-hour customer-service window), as `listTemplates` returns it.
 *
 * - `body`: the body text with numbered placeholders `{{1}}`, `{{2}}`... in the provider's syntax;
 *   the host renders it with the agent's parameters to store what the customer will read.
 * - `parameterCount`: how many body parameters a send must give.
 * - `status`: the provider's review state; the host offers only `approved` templates.
 *
 * @example
 * ```ts
 * const template: MessageTemplate = {
 *   name: 'order_update', language: 'en_US', status: 'approved', category: 'UTILITY',
 *   body: 'Hi {{1}}, your order {{2}} has shipped.', parameterCount: 2,
 * };
 * ```
 */
export interface MessageTemplate {
  name: string;
  language: string;
  status: 'approved' | 'pending' | 'rejected' | 'paused' | 'disabled' | 'other';
  category?: string;
  body: string;
  parameterCount: number;
}

/**
 * The template an outbound message is sent as (see `OutboundMessage.template`): its name, language
 * code and body parameters in order.
 *
 * @example
 * ```ts
 * const template: OutboundTemplate = { name: 'order_update', language: 'en_US', parameters: ['Ada', '#4711'] };
 * ```
 */
export interface OutboundTemplate {
  name: string;
  language: string;
  parameters: string[];
}
