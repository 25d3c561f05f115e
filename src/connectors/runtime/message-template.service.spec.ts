import { ConnectorError, type ConnectorErrorKind } from '../sdk';
import { templateListError } from './message-template.service';

describe('templateListError', () => {
  it.each<[ConnectorErrorKind, string]>([
    ['config', 'INVALID_INPUT'],
    ['unsupported', 'INVALID_INPUT'],
    ['rate_limited', 'RATE_LIMITED'],
    ['auth', 'UNAVAILABLE'],
    ['transient', 'UNAVAILABLE'],
    ['permanent', 'UNAVAILABLE'],
  ])('%s → %s', (kind, code) => {
    expect(templateListError(new ConnectorError(kind, 'why')).code).toBe(code);
  });
});
