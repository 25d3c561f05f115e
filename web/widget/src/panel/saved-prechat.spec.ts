import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { SavedPrechat } from './saved-prechat';

/** The Jest project runs in Node: a Map stands in for the iframe's sessionStorage. */
const area = new Map<string, string>();
const sessionStorage = {
  getItem: (key: string) => area.get(key) ?? null,
  setItem: (key: string, value: string) => void area.set(key, value),
  removeItem: (key: string) => void area.delete(key),
};

describe('SavedPrechat', () => {
  beforeEach(() => {
    area.clear();
    Object.assign(globalThis, { window: { sessionStorage } });
  });
  afterEach(() => {
    delete (globalThis as { window?: unknown }).window;
  });

  it.each<[string, string | null, unknown]>([
    ['nothing saved', null, null],
    ['saved answers', '{"name":"Ada","consent":true}', { name: 'Ada', consent: true }],
    ['a value that is not JSON', '{oops', null],
  ])('loads %s', (_name, raw, expected) => {
    if (raw !== null) area.set('switchboard:i1:prechat', raw);
    expect(new SavedPrechat('i1').load()).toEqual(expected);
  });

  it('keeps answers per integration and forgets them on null', () => {
    const saved = new SavedPrechat('i1');
    saved.save({ email: 'ada@example.com' });
    expect(new SavedPrechat('i1').load()).toEqual({ email: 'ada@example.com' });
    expect(new SavedPrechat('i2').load()).toBeNull();
    saved.save(null);
    expect(area.has('switchboard:i1:prechat')).toBe(false);
  });

  it('answers null when storage is unavailable (sandboxed frame, private mode)', () => {
    delete (globalThis as { window?: unknown }).window;
    expect(new SavedPrechat('i1').load()).toBeNull();
  });
});
