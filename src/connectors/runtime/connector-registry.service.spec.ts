import { apiConnector } from '../api';
import { ConnectorRegistry, ConnectorRegistryError } from './connector-registry.service';

describe('ConnectorRegistry', () => {
  it('finds connectors by manifest id', () => {
    expect(new ConnectorRegistry([apiConnector]).find('api')).toBe(apiConnector);
    expect(new ConnectorRegistry([apiConnector]).find('nope')).toBeUndefined();
  });

  it('refuses two connectors with one id, saying how to fix it', () => {
    expect(() => new ConnectorRegistry([apiConnector, apiConnector])).toThrow(ConnectorRegistryError);
    expect(() => new ConnectorRegistry([apiConnector, apiConnector])).toThrow(/unique manifest id/);
  });
});
