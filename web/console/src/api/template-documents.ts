import { MESSAGE_FIELDS } from './graphql-documents';

/**
 * The template picker's operations, loaded with it (components/template-dialog.tsx): only chats
 * whose reply window is closed need them.
 */

/** The approved templates of a conversation's integration (WhatsApp); refused for channels without. */
export const MESSAGE_TEMPLATES = `query MessageTemplates($integrationId: ID!) {
  messageTemplates(integrationId: $integrationId) { name language category body parameterCount }
}`;

/** Sends a template, also while the reply window is closed; idempotent on clientMessageId. */
export const SEND_TEMPLATE = `mutation SendTemplate($input: SendTemplateInput!) {
  sendTemplate(input: $input) { ${MESSAGE_FIELDS} }
}`;
