import type { SettingsSchema } from '../sdk';
import { parseAllowedOrigins } from './allowed-origins';

/**
 * The widget integration's settings as hooks and the hub see them (secrets decrypted). The look
 * and behaviour of the widget (colours, pre-chat survey, invitations...) is its customization,
 * edited with `updateWidgetConfig`, not here.
 *
 * @example
 * ```ts
 * const settings: WidgetSettings = { allowedOrigins: 'https://shop.example.com https://www.shop.example.com', identitySecret: 'b1f0…' };
 * ```
 */
export type WidgetSettings = {
  allowedOrigins: string;
  identitySecret: string;
};

export const widgetSettingsSchema: SettingsSchema = {
  allowedOrigins: {
    type: 'string',
    label: 'Allowed origins',
    description:
      'The websites that may show the widget, separated by spaces or commas: https://shop.example.com, https://*.example.com, http://localhost:8080.',
    required: true,
    check: (value) => {
      const parsed = parseAllowedOrigins(String(value));
      return parsed.ok ? undefined : parsed.problems.join('; ');
    },
  },
  identitySecret: {
    type: 'string',
    label: 'Identity verification secret',
    description:
      'Your server signs a logged-in user id with it (HMAC-SHA256, hex) so their chats follow them across devices. Generated when left empty.',
    secret: true,
    required: true,
    generate: { bytes: 32, encoding: 'hex' },
  },
};
