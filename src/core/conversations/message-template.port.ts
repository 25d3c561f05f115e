import type { MessageTemplate } from '../../connectors/sdk';

/** The DI token of the {@link MessageTemplateCatalogue}; the connector runtime provides it. */
export const MESSAGE_TEMPLATE_CATALOGUE = Symbol('MESSAGE_TEMPLATE_CATALOGUE');

/**
 * An integration's approved message templates (WhatsApp's), from its connector's `listTemplates`
 * hook. A port, so the conversations core does not depend on the connector runtime. Throws
 * DomainError: NOT_FOUND (no such integration), INVALID_INPUT (the channel has no templates or is
 * not set up for them), RATE_LIMITED or UNAVAILABLE (the provider failed).
 */
export interface MessageTemplateCatalogue {
  approvedTemplates(workspaceId: string, integrationId: string): Promise<MessageTemplate[]>;
}
