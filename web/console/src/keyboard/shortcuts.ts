import type { MessageKey } from '../i18n/messages';

export type ShortcutAction =
  'nextChat' | 'previousChat' | 'focusComposer' | 'resolveChat' | 'toggleNote' | 'transferChat' | 'showHelp';

/** What a shortcut needs of a keydown: the KeyboardEvent fields plus where the focus is. */
export interface KeyInput {
  key: string;
  code: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  /** An IME is composing: every key belongs to the composition. */
  isComposing?: boolean;
  /** The focus is in a text field, where printable keys are typing. */
  inTextField: boolean;
}

export interface Shortcut {
  action: ShortcutAction;
  /** Keys as shown in the help overlay. */
  keys: readonly string[][];
  label: MessageKey;
}

/**
 * The console's shortcuts. Chosen not to clash with typing: printable keys only act outside text
 * fields, and chords use Alt+Shift with a letter matched by its physical position (`code`), since
 * Alt alone types characters on macOS and AltGr (Ctrl+Alt) does on many Windows layouts.
 */
export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'nextChat', keys: [['Alt', '↓']], label: 'shortcutNextChat' },
  { action: 'previousChat', keys: [['Alt', '↑']], label: 'shortcutPreviousChat' },
  { action: 'focusComposer', keys: [['/'], ['Ctrl', 'K']], label: 'shortcutFocusComposer' },
  { action: 'resolveChat', keys: [['Alt', 'Shift', 'R']], label: 'shortcutResolve' },
  { action: 'toggleNote', keys: [['Alt', 'Shift', 'N']], label: 'shortcutToggleNote' },
  { action: 'transferChat', keys: [['Alt', 'Shift', 'T']], label: 'shortcutTransfer' },
  { action: 'showHelp', keys: [['?']], label: 'shortcutHelp' },
];

const ALT_SHIFT_CODES: Record<string, ShortcutAction> = {
  KeyR: 'resolveChat',
  KeyN: 'toggleNote',
  KeyT: 'transferChat',
};

/** The action a keydown triggers, or null to let the key do what it normally does. */
export function shortcutFor(e: KeyInput): ShortcutAction | null {
  if (e.isComposing) return null;
  const commandKey = e.ctrlKey || e.metaKey;
  if (e.altKey && !commandKey && !e.shiftKey) {
    if (e.key === 'ArrowDown') return 'nextChat';
    if (e.key === 'ArrowUp') return 'previousChat';
  }
  if (e.altKey && e.shiftKey && !commandKey) return ALT_SHIFT_CODES[e.code] ?? null;
  if (commandKey && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k') return 'focusComposer';
  if (e.inTextField || e.altKey || commandKey) return null;
  if (e.key === '/') return 'focusComposer';
  if (e.key === '?') return 'showHelp';
  return null;
}
