import { describe, expect, it } from '@jest/globals';
import { shortcutFor, SHORTCUTS, type KeyInput, type ShortcutAction } from './shortcuts';

function key(patch: Partial<KeyInput>): KeyInput {
  return {
    key: '',
    code: '',
    altKey: false,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    inTextField: false,
    ...patch,
  };
}

describe('shortcutFor', () => {
  it.each<[string, Partial<KeyInput>, ShortcutAction | null]>([
    ['Alt+↓ next chat', { key: 'ArrowDown', altKey: true }, 'nextChat'],
    ['Alt+↑ previous chat', { key: 'ArrowUp', altKey: true }, 'previousChat'],
    ['Alt+↓ works while typing', { key: 'ArrowDown', altKey: true, inTextField: true }, 'nextChat'],
    ['plain ↓ moves the caret', { key: 'ArrowDown' }, null],
    ['Alt+Shift+↓ selects text', { key: 'ArrowDown', altKey: true, shiftKey: true }, null],
    ['/ focuses the composer', { key: '/', code: 'Slash' }, 'focusComposer'],
    ['/ in a text field is a slash', { key: '/', inTextField: true }, null],
    ['Ctrl+K focuses the composer', { key: 'k', code: 'KeyK', ctrlKey: true }, 'focusComposer'],
    ['Cmd+K focuses the composer', { key: 'k', code: 'KeyK', metaKey: true }, 'focusComposer'],
    ['Ctrl+K also from a text field', { key: 'K', ctrlKey: true, inTextField: true }, 'focusComposer'],
    ['Ctrl+Shift+K is not ours', { key: 'K', ctrlKey: true, shiftKey: true }, null],
    ['Alt+Shift+R resolves', { key: 'R', code: 'KeyR', altKey: true, shiftKey: true }, 'resolveChat'],
    [
      'Alt+Shift+R by position on a layout where it types ‰',
      { key: '‰', code: 'KeyR', altKey: true, shiftKey: true, inTextField: true },
      'resolveChat',
    ],
    ['Alt+Shift+N toggles a note', { key: 'N', code: 'KeyN', altKey: true, shiftKey: true }, 'toggleNote'],
    ['Alt+Shift+T transfers', { key: 'T', code: 'KeyT', altKey: true, shiftKey: true }, 'transferChat'],
    ['AltGr+R (Ctrl+Alt) types a character', { key: 'r', code: 'KeyR', altKey: true, ctrlKey: true }, null],
    ['Alt+R alone types a character on macOS', { key: '®', code: 'KeyR', altKey: true }, null],
    ['? opens the help', { key: '?', shiftKey: true }, 'showHelp'],
    ['? in a text field is a question mark', { key: '?', shiftKey: true, inTextField: true }, null],
    ['a plain letter', { key: 'r', code: 'KeyR' }, null],
    ['nothing while an IME composes', { key: 'ArrowDown', altKey: true, isComposing: true }, null],
  ])('%s', (_name, input, expected) => {
    expect(shortcutFor(key(input))).toBe(expected);
  });

  it('lists every action in the help overlay exactly once', () => {
    const actions = SHORTCUTS.map((s) => s.action);
    expect(new Set(actions).size).toBe(actions.length);
    expect(actions.sort()).toEqual(
      [
        'focusComposer',
        'nextChat',
        'previousChat',
        'resolveChat',
        'showHelp',
        'toggleNote',
        'transferChat',
      ].sort(),
    );
  });
});
