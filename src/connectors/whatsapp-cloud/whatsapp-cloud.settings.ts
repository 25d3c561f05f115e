import { metaGraphSettingsSchema } from '../meta-graph';
import type { SettingsSchema } from '../sdk';

/**
 * The whatsapp-cloud connector's settings as hooks see them (secrets decrypted, defaults applied).
 *
 * @example
 * ```ts
 * const settings: WhatsappCloudSettings = {
 *   phoneNumberId: '106540352242922',
 *   wabaId: '102290129340398',
 *   accessToken: 'EAAG...',
 *   appSecret: '3f2b7c...',
 *   verifyToken: 'vt_Zk3...',
 *   graphBaseUrl: 'https://graph.facebook.com',
 *   apiVersion: 'v21.0',
 * };
 * ```
 */
export type WhatsappCloudSettings = {
  phoneNumberId: string;
  wabaId?: string;
  accessToken: string;
  appSecret: string;
  verifyToken: string;
  graphBaseUrl: string;
  apiVersion: string;
};

const DIGITS = /^\d{1,30}$/;

/** Settings an admin sees when creating a WhatsApp Cloud API integration. */
export const whatsappCloudSettingsSchema: SettingsSchema = {
  phoneNumberId: {
    type: 'string',
    label: 'Phone number ID',
    description:
      "The business phone number's id (WhatsApp Manager → API Setup), not the phone number itself. Events for other numbers are skipped.",
    required: true,
    check: (v) =>
      DIGITS.test(String(v)) ? undefined : 'a phone number ID is digits only, like 106540352242922',
  },
  wabaId: {
    type: 'string',
    label: 'WhatsApp Business Account ID',
    description: "The WABA's id (API Setup); lets agents list and send its approved message templates.",
    check: (v) =>
      v === undefined || v === '' || DIGITS.test(String(v)) ? undefined : 'a WABA ID is digits only',
  },
  accessToken: {
    type: 'string',
    label: 'Access token',
    description:
      'A system user token with whatsapp_business_messaging and whatsapp_business_management; sends replies, lists templates and downloads media.',
    secret: true,
    required: true,
  },
  ...metaGraphSettingsSchema("the app's WhatsApp → Configuration webhook form"),
};
