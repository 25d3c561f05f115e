import { describe, expect, it } from '@jest/globals';
import { findCannedTrigger, insertCanned } from './canned-trigger';

describe('findCannedTrigger', () => {
  it.each<[string, string, number | undefined, { start: number; query: string } | null]>([
    ['a bare slash', '/', undefined, { start: 0, query: '' }],
    ['a shortcut at the start', '/ref', undefined, { start: 0, query: 'ref' }],
    ['a shortcut after text', 'Hi /gre', undefined, { start: 3, query: 'gre' }],
    ['a shortcut on a new line', 'Hi\n/gre', undefined, { start: 3, query: 'gre' }],
    ['with the caret inside it', '/refund please', 4, { start: 0, query: 'ref' }],
    ['not after a space was typed', '/refund ', undefined, null],
    ['not inside a word', 'and/or', undefined, null],
    ['not in a URL', 'see https://x.test/a', undefined, null],
    ['not without a slash', 'hello', undefined, null],
  ])('%s', (_name, text, caret, expected) => {
    const found = findCannedTrigger(text, caret ?? text.length);
    expect(found && { start: found.start, query: found.query }).toEqual(expected);
  });
});

describe('insertCanned', () => {
  it('replaces the typed shortcut and puts the caret after the inserted text', () => {
    const text = 'Hi /gre, bye';
    const trigger = findCannedTrigger(text, 7);
    expect(trigger).not.toBeNull();
    expect(insertCanned(text, trigger!, 'Hello there')).toEqual({ text: 'Hi Hello there, bye', caret: 14 });
  });
});
