import { metaGraphSettingsSchema } from '../meta-graph';
import type { SettingsSchema } from '../sdk';

/**
 * The messenger connector's settings as hooks see them (secrets decrypted, defaults applied).
 *
 * @example
 * ```ts
 * const settings: MessengerSettings = {
 *   pageId: '104857600123456',
 *   pageAccessToken: 'EAAG...',
 *   appSecret: '3f2b7c...',
 *   verifyToken: 'vt_Zk3...',
 *   graphBaseUrl: 'https://graph.facebook.com',
 *   apiVersion: 'v21.0',
 *   humanAgentTag: false,
 * };
 * ```
 */
export type MessengerSettings = {
  pageId: string;
  pageAccessToken: string;
  appSecret: string;
  verifyToken: string;
  graphBaseUrl: string;
  apiVersion: string;
  humanAgentTag: boolean;
};

/** Settings an admin sees when creating a Messenger integration. */
export const messengerSettingsSchema: SettingsSchema = {
  pageId: {
    type: 'string',
    label: 'Page ID',
    description:
      'The numeric id of the Facebook Page (Page settings → About, or the App Dashboard). Events for other Pages are skipped.',
    required: true,
    check: (v) =>
      /^\d{1,30}$/.test(String(v)) ? undefined : 'a Page ID is digits only, like 104857600123456',
  },
  pageAccessToken: {
    type: 'string',
    label: 'Page access token',
    description: 'A Page access token with the pages_messaging permission; sends replies.',
    secret: true,
    required: true,
  },
  ...metaGraphSettingsSchema("the App Dashboard's webhook form"),
  humanAgentTag: {
    type: 'boolean',
    label: 'Reply up to 7 days with the HUMAN_AGENT tag',
    description:
      "Outside Messenger's 24-hour window, send agent replies with the HUMAN_AGENT message tag for up to 7 days after the customer's last message. Needs Meta's Human Agent permission for the app.",
    default: false,
  },
};
