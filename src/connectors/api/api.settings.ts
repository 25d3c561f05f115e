import type { SettingsSchema } from '../sdk';

/**
 * The api connector's settings as hooks see them (secrets decrypted).
 *
 * @example
 * ```ts
 * const settings: ApiSettings = { callbackUrl: 'https://crm.example.com/switchboard', signingSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' };
 * ```
 */
export type ApiSettings = {
  callbackUrl?: string;
  signingSecret: string;
};

/** Settings an admin sees when creating an API integration. */
export const apiSettingsSchema: SettingsSchema = {
  callbackUrl: {
    type: 'url',
    label: 'Callback URL',
    description:
      'Your endpoint that receives agent replies as signed message.created webhooks. Leave empty for inbound only.',
  },
  signingSecret: {
    type: 'string',
    label: 'Signing secret',
    description:
      'Standard Webhooks secret (whsec_...) that signs both directions. Generated when left empty; copy it into your system.',
    secret: true,
    required: true,
    // 24 random bytes, the key size the Standard Webhooks reference libraries generate.
    generate: { prefix: 'whsec_', bytes: 24, encoding: 'base64' },
  },
};
