import type { Language } from '../../i18n/translator';
import type { Translate } from '../../i18n/translator';
import { LINK_TTL_MS } from '../../secure-login/login-links';
import type { ConversationKey } from '../../store/conversation-key';
import type { RenderedLoginLink } from './conversation-output';
import { renderString } from './render-effects';
import type { LoginLinkIssuer } from './runner-dependencies';

/**
 * The runner's side of the one-time password page. The page knows a conversation only by its
 * key string; this remembers which conversation (and which login name) each open link stands
 * for, so a submitted password can go back into the right conversation as the login form's
 * answer. A link is dropped as soon as it is used or its conversation moves on.
 */
export class LoginLinkBridge {
  readonly #open = new Map<string, { key: ConversationKey; user: string }>();

  constructor(private readonly issuer: LoginLinkIssuer) {}

  /** A new link for the conversation (an older one stops working), rendered for the output. */
  issue(key: ConversationKey, id: string, user: string, t: Translate, language: Language): RenderedLoginLink {
    const url = this.issuer.issueLink(id, user, { language });
    this.#open.set(id, { key, user });
    const minutes = Math.round(LINK_TTL_MS / 60_000);
    return {
      formId: 'login',
      title: renderString(t, { key: 'conversation:form.login_title' }),
      message: [{ kind: 'text', text: t('conversation:login.link', { count: minutes }) }],
      url: url.toString(),
      buttonLabel: t('conversation:login.link_button'),
      expiresInMinutes: minutes,
    };
  }

  /** The conversation an open link belongs to, taken out: a link answers once. */
  take(id: string): { key: ConversationKey; user: string } | undefined {
    const open = this.#open.get(id);
    this.#open.delete(id);
    return open;
  }

  /** Ends the conversation's open link, if any (it ended, or left the login step). */
  revoke(id: string): void {
    if (this.#open.delete(id)) this.issuer.revoke(id);
  }

  has(id: string): boolean {
    return this.#open.has(id);
  }
}
