import { describe, expect, it } from '@jest/globals';
import { safeResourceUrl } from './safe-url';

const BASE = 'https://hub.test/console/chats/1';

describe('safeResourceUrl', () => {
  it.each<[string | null, string | null]>([
    ['/files/abc?exp=1&sig=x', 'https://hub.test/files/abc?exp=1&sig=x'],
    ['https://cdn.test/a.png', 'https://cdn.test/a.png'],
    ['http://cdn.test/a.png', 'http://cdn.test/a.png'],
    ['javascript:alert(1)', null],
    [' JavaScript:alert(1)', null],
    ['data:image/svg+xml,<svg onload=alert(1)>', null],
    ['blob:https://hub.test/x', null],
    ['', null],
    [null, null],
  ])('%p → %p', (url, expected) => {
    expect(safeResourceUrl(url, BASE)).toBe(expected);
  });
});
