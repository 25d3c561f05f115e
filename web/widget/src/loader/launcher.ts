import { readablePair } from '../shared/color';
import type { LauncherStrings } from '../shared/launcher-strings';
import { format } from '../shared/locale';
import type { Invitation, WidgetPublicConfig } from '../shared/protocol';
import { drawIcon } from './icons';
import css from './launcher.css?inline';

/** What the launcher shows; the loader's controller owns the state and calls `render` on change. */
export interface LauncherState {
  config: WidgetPublicConfig;
  strings: LauncherStrings;
  locale: string;
  rtl: boolean;
  open: boolean;
  hidden: boolean;
  unread: number;
}

export interface Launcher {
  button: HTMLButtonElement;
  render(state: LauncherState): void;
  /** Places the panel's iframe in the same corner as the launcher. */
  adoptFrame(frame: HTMLIFrameElement): void;
  showInvitation(invitation: Invitation, onAccept: () => void, onClose: () => void): void;
  /** Hides the card; true when focus was inside it (the caller then moves focus to the launcher). */
  hideInvitation(): boolean;
}

const make = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className = '',
  text = '',
): HTMLElementTagNameMap[K] => {
  const node = document.createElement(tag);
  node.className = className;
  node.textContent = text;
  return node;
};

/**
 * The launcher button, its unread badge, the invitation card and the panel's iframe slot, in an
 * open shadow root on a custom element: host page selectors cannot match or restyle any of it.
 * (A closure rather than a class: its internals minify to one letter each.)
 */
export function mountLauncher(onToggle: () => void): Launcher {
  const host = document.createElement('switchboard-widget');
  const root = make('div', 'r');
  const wrap = make('div', 'w');
  const button = make('button', 'l');
  const badge = make('span', 'b');
  const card = make('div', 'c');
  let strings: LauncherStrings | undefined;

  button.type = 'button';
  button.onclick = onToggle;
  badge.setAttribute('role', 'img');
  card.hidden = true;
  card.setAttribute('role', 'dialog');
  card.setAttribute('aria-labelledby', 't');
  wrap.append(button, badge);
  root.append(wrap, card);
  host.attachShadow({ mode: 'open' }).append(make('style', '', css), root);
  document.body.appendChild(host);

  const hideInvitation = (): boolean => {
    const hadFocus = card.contains(host.shadowRoot?.activeElement ?? null);
    card.hidden = true;
    card.replaceChildren();
    return hadFocus;
  };

  return {
    button,
    hideInvitation,
    adoptFrame(frame) {
      frame.className = 'f';
      root.appendChild(frame);
    },
    render(state) {
      strings = state.strings;
      const { appearance } = state.config;
      const [primary, onPrimary] = readablePair(appearance.primaryColor, appearance.textOnPrimary);
      // In a right-to-left page the configured side reads as start/end: 'right' is the end side.
      const left = (appearance.position === 'left') !== state.rtl;
      root.className = `r ${appearance.theme}${left ? ' left' : ''}${appearance.hideOnMobile ? ' hm' : ''}${state.open ? ' open' : ''}`;
      root.dir = state.rtl ? 'rtl' : 'ltr';
      root.lang = state.locale;
      root.style.cssText = `--p:${primary};--t:${onPrimary};--x:${+appearance.offsetX || 0}px;--y:${+appearance.offsetY || 0}px`;
      root.style.setProperty('--f', appearance.fontFamily || 'system-ui,sans-serif');
      // Inline and !important: no host page rule can show or hide the widget against our will.
      host.style.cssText = `all:initial!important;display:${state.hidden ? 'none' : 'block'}!important`;

      const label = state.open ? strings.minimizeChat : strings.openChat;
      const text = state.open ? '' : appearance.launcherText.trim();
      button.replaceChildren(drawIcon(state.open ? 'minimize' : appearance.launcherIcon));
      if (text) button.append(make('span', '', text));
      button.setAttribute('aria-label', text && text !== label ? `${text} – ${label}` : label);
      button.setAttribute('aria-expanded', String(state.open));

      const count = state.open ? 0 : state.unread;
      badge.hidden = count < 1;
      badge.textContent = count > 99 ? '99+' : String(count);
      badge.setAttribute(
        'aria-label',
        // The badge only shows from 1 up, where "one" means exactly 1 in all six languages.
        format(count === 1 ? strings.unreadOne : strings.unreadOther, { n: count }),
      );
    },
    // The card does not steal focus (the visitor is reading the page); Escape inside closes it.
    showInvitation(invitation, onAccept, onClose) {
      if (!strings) return;
      const close = make('button', 'x');
      const reply = make('button', 'a', strings.reply);
      const head = make('div', 'h');
      const title = make(
        'strong',
        '',
        invitation.agentName
          ? format(strings.invitationFrom, { name: invitation.agentName })
          : strings.invitationDefault,
      );
      title.id = 't';
      close.type = reply.type = 'button';
      close.setAttribute('aria-label', strings.close);
      close.append(drawIcon('close'));
      close.onclick = onClose;
      reply.onclick = onAccept;
      head.append(title, close);
      card.replaceChildren(head, make('p', '', invitation.message), reply);
      card.onkeydown = (event) => event.key === 'Escape' && onClose();
      card.hidden = false;
    },
  };
}
