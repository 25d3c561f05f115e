import { apiConnector } from './api';
import type { ConnectorDefinition } from './sdk';
import { widgetConnector } from './widget';

/** Every connector this build ships. Add a connector folder's definition here. */
export const installedConnectors: ConnectorDefinition[] = [
  apiConnector as ConnectorDefinition,
  widgetConnector as ConnectorDefinition,
];
