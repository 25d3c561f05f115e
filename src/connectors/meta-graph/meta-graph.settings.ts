import type { SettingsSchema } from '../sdk';
import { GRAPH_API_VERSION_PATTERN } from './graph-api-version';

/**
 * The settings every Meta connector has, whatever else it needs: the app's secret and verify
 * token for webhooks, and where the Graph API is.
 *
 * @example
 * ```ts
 * const settings: MetaGraphSettings = {
 *   appSecret: '3f2b7c...',
 *   verifyToken: 'vt_Zk3...',
 *   graphBaseUrl: 'https://graph.facebook.com',
 *   apiVersion: 'v21.0',
 * };
 * ```
 */
export type MetaGraphSettings = {
  appSecret: string;
  verifyToken: string;
  graphBaseUrl: string;
  apiVersion: string;
};

/**
 * The admin-facing fields of {@link MetaGraphSettings}, to spread into a connector's schema.
 * `webhookForm` says where in Meta's UI the admin pastes the verify token, which differs by product.
 *
 * @example
 * ```ts
 * export const messengerSettingsSchema: SettingsSchema = {
 *   pageId: { type: 'string', label: 'Page ID', required: true },
 *   ...metaGraphSettingsSchema("the App Dashboard's webhook form"),
 * };
 * ```
 */
export function metaGraphSettingsSchema(webhookForm: string): SettingsSchema {
  return {
    appSecret: {
      type: 'string',
      label: 'App secret',
      description:
        "The Meta app's secret (App settings → Basic); checks the X-Hub-Signature-256 of every webhook.",
      secret: true,
      required: true,
    },
    verifyToken: {
      type: 'string',
      label: 'Verify token',
      description: `Answers Meta's subscription check. Generated when left empty; paste it into ${webhookForm}.`,
      secret: true,
      required: true,
      generate: { prefix: 'vt_', bytes: 24, encoding: 'hex' },
    },
    graphBaseUrl: {
      type: 'url',
      label: 'Graph API base URL',
      description: 'Where the Graph API is; change it only for a test double.',
      default: 'https://graph.facebook.com',
    },
    apiVersion: {
      type: 'string',
      label: 'Graph API version',
      default: 'v21.0',
      check: (v) => (GRAPH_API_VERSION_PATTERN.test(String(v)) ? undefined : 'write the version like v21.0'),
    },
  };
}
