import type { ClientFrame, PageInfo } from '../shared/protocol';

export type VisitorProfile = { name?: string; email?: string };

/**
 * What the host page or the visitor told about the visitor (profile, session variables, current
 * page): sent to the hub when it changes, and again after a reconnect, since the hub may have
 * missed the change while the connection was down.
 */
export class VisitorDetails {
  private readonly profile: VisitorProfile = {};
  private variables: Record<string, string> = {};

  constructor(
    private page: PageInfo,
    /** The connection's `send`: false when no path works now (`resend` makes up for it). */
    private readonly send: (frame: ClientFrame) => boolean,
  ) {}

  currentPage(): PageInfo {
    return this.page;
  }

  /** Sends only the fields given; the kept profile merges them. */
  setProfile(profile: VisitorProfile): void {
    if (profile.name !== undefined) this.profile.name = profile.name;
    if (profile.email !== undefined) this.profile.email = profile.email;
    this.send({ type: 'profile', ...profile });
  }

  /** Merges into the variables set before and sends all of them. */
  addSessionVariables(variables: Record<string, string>): void {
    this.variables = { ...this.variables, ...variables };
    this.send({ type: 'session_variables', variables: this.variables });
  }

  setPage(page: PageInfo): void {
    this.page = page;
    this.send({ type: 'page', url: page.url, title: page.title });
  }

  /**
   * After a connection came back. The page only when `withPage`: on the first connection the hub
   * already has it from the boot request and `hello`.
   */
  resend(withPage: boolean): void {
    if (this.profile.name || this.profile.email) this.send({ type: 'profile', ...this.profile });
    if (Object.keys(this.variables).length) {
      this.send({ type: 'session_variables', variables: this.variables });
    }
    if (withPage) this.send({ type: 'page', url: this.page.url, title: this.page.title });
  }
}
