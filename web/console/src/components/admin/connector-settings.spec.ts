import { describe, expect, it } from '@jest/globals';
import {
  CONNECTOR_FIELDS,
  initialSettingValues,
  settingsFromForm,
  type SettingValues,
} from './connector-settings';

describe('settingsFromForm', () => {
  it.each<[keyof typeof CONNECTOR_FIELDS, SettingValues, Record<string, unknown>]>([
    [
      'whatsapp-web',
      initialSettingValues(CONNECTOR_FIELDS['whatsapp-web']),
      { headless: true, includeGroups: false, includeStatusBroadcasts: false },
    ],
    [
      'whatsapp-web',
      {
        ...initialSettingValues(CONNECTOR_FIELDS['whatsapp-web']),
        dataDirectory: ' /srv/wa ',
        clientId: '   ',
        includeGroups: true,
      },
      { dataDirectory: '/srv/wa', headless: true, includeGroups: true, includeStatusBroadcasts: false },
    ],
    [
      'whatsapp-cloud',
      {
        ...initialSettingValues(CONNECTOR_FIELDS['whatsapp-cloud']),
        phoneNumberId: '106540352242922',
        accessToken: 'EAAG123',
        appSecret: 's3cret',
      },
      { phoneNumberId: '106540352242922', accessToken: 'EAAG123', appSecret: 's3cret' },
    ],
    [
      'messenger',
      {
        ...initialSettingValues(CONNECTOR_FIELDS.messenger),
        pageId: '104857600123456',
        pageAccessToken: 'EAAP',
        appSecret: 'a',
        verifyToken: 'vt_mine',
        humanAgentTag: true,
      },
      {
        pageId: '104857600123456',
        pageAccessToken: 'EAAP',
        appSecret: 'a',
        verifyToken: 'vt_mine',
        humanAgentTag: true,
      },
    ],
  ])('%s with %p → %p', (connector, values, expected) => {
    expect(settingsFromForm(CONNECTOR_FIELDS[connector], values)).toEqual(expected);
  });
});
