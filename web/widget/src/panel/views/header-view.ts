import { format } from '../../shared/locale';
import type { AgentRef, WidgetPublicConfig } from '../../shared/protocol';
import type { PanelStrings } from '../../shared/strings';
import { h, icon, safeUrl } from '../dom';

export interface HeaderState {
  config: WidgetPublicConfig;
  strings: PanelStrings;
  agent: AgentRef | null;
  online: boolean;
}

/** Logo or the assigned agent's photo, title, availability or agent name, and the minimize button. */
export class HeaderView {
  readonly element = h('header', { class: 'sb-header' });
  private readonly picture = h('div', { class: 'sb-picture' });
  private readonly title = h('h1', { class: 'sb-title', id: 'sb-title' });
  private readonly status = h('p', { class: 'sb-status' });
  private readonly minimize: HTMLButtonElement;

  constructor(onMinimize: () => void) {
    this.minimize = h(
      'button',
      { type: 'button', class: 'sb-icon-button', onclick: onMinimize },
      icon('minimize'),
    );
    this.element.append(
      this.picture,
      h('div', { class: 'sb-heading' }, this.title, this.status),
      this.minimize,
    );
  }

  render({ config, strings, agent, online }: HeaderState): void {
    const { appearance } = config;
    const agentPhoto = appearance.showAgentPhoto ? safeUrl(agent?.avatarUrl) : null;
    const picture = agentPhoto ?? safeUrl(appearance.logoUrl);
    // Decorative: the title and status line say who this is.
    this.picture.replaceChildren(
      picture ? h('img', { src: picture, alt: '', class: agentPhoto ? 'sb-avatar' : 'sb-logo' }) : '',
    );
    this.picture.hidden = !picture;
    this.title.textContent = appearance.title?.trim() || strings.defaultTitle;
    const agentName = appearance.showAgentName ? agent?.name : null;
    this.status.replaceChildren(
      h('span', { class: `sb-dot${online ? ' sb-dot--online' : ''}`, 'aria-hidden': 'true' }),
      agentName
        ? format(strings.chattingWith, { name: agentName })
        : online
          ? strings.statusOnline
          : strings.statusOffline,
    );
    this.minimize.setAttribute('aria-label', strings.minimize);
    this.minimize.title = strings.minimize;
  }
}
