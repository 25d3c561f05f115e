import { apiConnector } from './api';
import { messengerConnector } from './messenger';
import type { ConnectorDefinition } from './sdk';
import { whatsappCloudConnector } from './whatsapp-cloud';
import { whatsappWebConnector } from './whatsapp-web';
import { widgetConnector } from './widget';

/** Every connector this build ships. Add a connector folder's definition here. */
export const installedConnectors: ConnectorDefinition[] = [
  apiConnector as ConnectorDefinition,
  widgetConnector as ConnectorDefinition,
  messengerConnector as ConnectorDefinition,
  whatsappCloudConnector as ConnectorDefinition,
  whatsappWebConnector as ConnectorDefinition,
];
