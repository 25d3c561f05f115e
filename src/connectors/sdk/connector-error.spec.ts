import { ConnectorError, isConnectorError } from './connector-error';
import { toConnectorError } from './to-connector-error';

describe('ConnectorError', () => {
  it('serialises kind, message, retryAfterMs and providerCode but never the cause', () => {
    const error = new ConnectorError('rate_limited', 'Provider answered 429', {
      retryAfterMs: 5000,
      providerCode: '4',
      cause: new Error('GET https://api.example.com/?token=s3cr3t failed'),
    });
    const json = JSON.stringify(error);
    expect(JSON.parse(json)).toEqual({
      name: 'ConnectorError',
      kind: 'rate_limited',
      message: 'Provider answered 429',
      retryAfterMs: 5000,
      providerCode: '4',
    });
    expect(json).not.toContain('s3cr3t');
    expect(error.cause).toBeInstanceOf(Error);
  });

  it.each([
    ['a ConnectorError', new ConnectorError('auth', 'x'), true],
    [
      'a look-alike from another SDK copy',
      Object.assign(new Error('x'), { name: 'ConnectorError', kind: 'auth' }),
      true,
    ],
    [
      'a look-alike with an unknown kind',
      Object.assign(new Error('x'), { name: 'ConnectorError', kind: 'nope' }),
      false,
    ],
    ['a plain Error', new Error('x'), false],
    ['a string', 'ConnectorError', false],
  ])('isConnectorError recognises %s: %s', (_label, value, expected) => {
    expect(isConnectorError(value)).toBe(expected);
  });
});

describe('toConnectorError', () => {
  it('returns a ConnectorError unchanged', () => {
    const error = new ConnectorError('permanent', 'bad recipient');
    expect(toConnectorError(error)).toBe(error);
  });

  it.each([
    ['an Error quoting a token', new TypeError('Bearer abc.def.ghi rejected'), 'TypeError'],
    ['a thrown string', 'token=abc.def.ghi', 'string'],
    ['undefined', undefined, 'undefined'],
  ])('wraps %s as transient with a generic message and keeps the cause', (_label, thrown, type) => {
    const error = toConnectorError(thrown);
    expect(error.kind).toBe('transient');
    expect(error.message).toBe(`Connector failed with an unexpected ${type}`);
    expect(error.message).not.toContain('abc.def.ghi');
    expect(error.cause).toBe(thrown);
  });
});
