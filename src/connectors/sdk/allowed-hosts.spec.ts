import { isHostAllowed, isValidHostPattern, resolveAllowedHosts } from './allowed-hosts';

describe('resolveAllowedHosts', () => {
  it.each([
    ['a literal host, lower-cased', ['Graph.Facebook.com'], {}, ['graph.facebook.com']],
    [
      'a url setting with its default https port',
      ['${settings.callbackUrl}'],
      { callbackUrl: 'https://crm.example.com/x' },
      ['crm.example.com:443'],
    ],
    [
      'a url setting with an explicit port',
      ['${settings.callbackUrl}'],
      { callbackUrl: 'http://127.0.0.1:8080/x' },
      ['127.0.0.1:8080'],
    ],
    ['an unset url setting to nothing', ['${settings.callbackUrl}'], {}, []],
    ['an unparsable url setting to nothing', ['${settings.callbackUrl}'], { callbackUrl: 'nope' }, []],
    ['duplicates once', ['a.example.com', 'a.example.com'], {}, ['a.example.com']],
  ])('resolves %s', (_label, allowedHosts, settings, expected) => {
    expect(resolveAllowedHosts({ allowedHosts }, settings)).toEqual(expected);
  });
});

describe('isHostAllowed', () => {
  it.each([
    ['https://graph.facebook.com/v19.0', ['graph.facebook.com'], true],
    ['https://graph.facebook.com:8443/', ['graph.facebook.com'], true],
    ['https://evilgraph.facebook.com.attacker.net/', ['graph.facebook.com'], false],
    ['https://hooks.slack.com/', ['*.slack.com'], true],
    ['https://a.b.slack.com/', ['*.slack.com'], true],
    ['https://slack.com/', ['*.slack.com'], false],
    ['https://evilslack.com/', ['*.slack.com'], false],
    ['https://crm.example.com/x', ['crm.example.com:443'], true],
    ['http://crm.example.com/x', ['crm.example.com:443'], false],
    ['http://127.0.0.1:8080/', ['127.0.0.1:8080'], true],
    ['http://127.0.0.1:9090/', ['127.0.0.1:8080'], false],
    ['http://[::1]:8080/', ['[::1]:8080'], true],
    ['https://203.0.113.1/', [], false],
  ])('%s against %p is %p', (url, patterns, expected) => {
    expect(isHostAllowed(new URL(url), patterns)).toBe(expected);
  });
});

describe('isValidHostPattern', () => {
  it.each([
    ['graph.facebook.com', true],
    ['*.slack.com', true],
    ['127.0.0.1:8080', true],
    ['[::1]:8080', true],
    ['*', false],
    ['Graph.Facebook.com', false],
    ['https://graph.facebook.com', false],
    ['example.com:70000', false],
    ['a.*.example.com', false],
  ])('%s is %p', (pattern, expected) => {
    expect(isValidHostPattern(pattern)).toBe(expected);
  });
});
