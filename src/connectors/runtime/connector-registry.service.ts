import { Inject, Injectable } from '@nestjs/common';
import type { ConnectorDefinition } from '../sdk';

export const INSTALLED_CONNECTORS = Symbol('INSTALLED_CONNECTORS');

/** Raised at boot: the message says which connectors clash and how to fix it (rule 9). */
export class ConnectorRegistryError extends Error {}

/** The connectors this build ships, by manifest id. */
@Injectable()
export class ConnectorRegistry {
  private readonly byId = new Map<string, ConnectorDefinition>();

  constructor(@Inject(INSTALLED_CONNECTORS) definitions: ConnectorDefinition[]) {
    for (const definition of definitions) {
      const id = definition.manifest.id;
      if (this.byId.has(id)) {
        throw new ConnectorRegistryError(
          `Two connectors declare the id "${id}"; give each connector a unique manifest id in src/connectors/installed-connectors.ts.`,
        );
      }
      this.byId.set(id, definition);
    }
  }

  find(connectorId: string): ConnectorDefinition | undefined {
    return this.byId.get(connectorId);
  }

  list(): ConnectorDefinition[] {
    return [...this.byId.values()];
  }
}
