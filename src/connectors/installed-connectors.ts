import { apiConnector } from './api';
import type { ConnectorDefinition } from './sdk';

/** Every connector this build ships. Add a connector folder's definition here. */
export const installedConnectors: ConnectorDefinition[] = [apiConnector as ConnectorDefinition];
