import type { SettingsSchema } from '../sdk';

/**
 * The whatsapp-web connector's settings as hooks see them (defaults applied).
 *
 * @example
 * ```ts
 * const settings: WhatsappWebSettings = {
 *   dataDirectory: '/var/lib/switchboard/whatsapp-web',
 *   executablePath: '/usr/bin/chromium',
 *   headless: true,
 *   clientId: '',
 *   includeGroups: false,
 *   includeStatusBroadcasts: false,
 * };
 * ```
 */
export type WhatsappWebSettings = {
  dataDirectory: string;
  executablePath: string;
  headless: boolean;
  clientId: string;
  includeGroups: boolean;
  includeStatusBroadcasts: boolean;
};

/**
 * Browsers the connector may start. A setting an admin of any workspace can fill in must not name
 * an arbitrary program on the server, so only these well-known Chromium and Chrome paths are taken.
 */
export const ALLOWED_BROWSER_PATHS: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

const CLIENT_ID_PATTERN = /^[-_A-Za-z0-9]{0,40}$/;

function checkDataDirectory(value: string | number | boolean): string | undefined {
  const path = String(value);
  if (!path.startsWith('/')) return 'give an absolute path, like /var/lib/switchboard/whatsapp-web';
  if (path.split('/').includes('..')) return 'the path must not contain ..';
  return undefined;
}

/** Settings an admin sees when creating a WhatsApp Web integration. */
export const whatsappWebSettingsSchema: SettingsSchema = {
  dataDirectory: {
    type: 'string',
    label: 'Session data directory',
    description:
      'Where the linked session is kept (whatsapp-web.js LocalAuth); each integration gets its own session-<id> folder inside. Keep it on a persistent volume, or every restart asks for a new QR code.',
    default: '/var/lib/switchboard/whatsapp-web',
    check: checkDataDirectory,
  },
  executablePath: {
    type: 'string',
    label: 'Chromium path',
    description: `The system Chromium that runs WhatsApp Web (Debian: apt-get install chromium). Nothing is downloaded. One of ${ALLOWED_BROWSER_PATHS.join(', ')}.`,
    default: '/usr/bin/chromium',
    check: (v) =>
      ALLOWED_BROWSER_PATHS.includes(String(v))
        ? undefined
        : `use one of ${ALLOWED_BROWSER_PATHS.join(', ')}`,
  },
  headless: {
    type: 'boolean',
    label: 'Headless browser',
    description: 'Run Chromium without a window (leave on for servers).',
    default: true,
  },
  clientId: {
    type: 'string',
    label: 'Session name',
    description:
      'Optional suffix of the session folder (letters, digits, - and _). Change it to start over with a fresh session; the integration id is always part of the name.',
    default: '',
    check: (v) => (CLIENT_ID_PATTERN.test(String(v)) ? undefined : 'use up to 40 letters, digits, - or _'),
  },
  includeGroups: {
    type: 'boolean',
    label: 'Include group chats',
    description: 'Store messages from WhatsApp groups (one conversation per group; replies go to the group).',
    default: false,
  },
  includeStatusBroadcasts: {
    type: 'boolean',
    label: 'Include status updates',
    description: "Store contacts' status updates (status@broadcast) as messages.",
    default: false,
  },
};

/** LocalAuth's clientId: the integration id (unique across workspaces) plus the optional session name. */
export function localAuthClientId(integrationId: string, clientId: string): string {
  return clientId ? `${integrationId}-${clientId}` : integrationId;
}
