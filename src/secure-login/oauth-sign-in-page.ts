import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { matchLanguage, translator } from '../i18n/translator';
import type { AccessToken } from '../oauth/access-token';
import type { PkceSignIn } from '../oauth/pkce-flow';
import { readCookie } from './cookies';
import { messageHtml } from './login-page-html';
import { newNonce, securityHeaders } from './security-headers';

/**
 * The OAuth sign-in page beside the one-time password page (MAILHELP_PUBLIC_URL): the
 * authorization code flow with PKCE for providers whose device flow cannot get mail scopes
 * (Google). Same design as the password page: a private link, one use, bound to the
 * conversation, 10 minutes. `/oauth/start/<link>` binds the browser with a cookie holding the
 * flow's `state` and sends it to the provider; `/oauth/callback` takes the answer only from that
 * browser (cookie == state: the CSRF check of RFC 6749 §10.12), once, and hands the token to the
 * conversation's waiting sign-in. Written on node:http like the password page: a framework's
 * session store would keep more than this needs.
 */
export interface OAuthSignInPageOptions {
  publicUrl: string;
  ttlMs?: number;
  now?: () => number;
  defaultLanguage?: string;
}

export interface PendingSignIn {
  signIn: PkceSignIn;
  language: string;
  onToken(token: AccessToken): void;
  onError(error: unknown): void;
}

export interface OAuthSignInPage {
  /** The redirect URI to register at the provider (`<publicUrl>/oauth/callback`). */
  readonly redirectUri: string;
  /** A one-time link starting the conversation's sign-in (an older one stops working). */
  issue(conversationKey: string, pending: PendingSignIn): URL;
  revoke(conversationKey: string): void;
  handles(path: string): boolean;
  handle(request: IncomingMessage, response: ServerResponse): void;
}

const COOKIE = 'mailhelp_oauth_state';
const LINK = /^[A-Za-z0-9_-]{43}$/;
export const OAUTH_LINK_TTL_MS = 10 * 60_000;

interface Entry extends PendingSignIn {
  conversationKey: string;
  link: string;
  expiresAt: number;
  started: boolean;
}

export function createOAuthSignInPage(options: OAuthSignInPageOptions): OAuthSignInPage {
  const base = new URL(options.publicUrl);
  const https = base.protocol === 'https:';
  const prefix = `${base.pathname.replace(/\/+$/, '')}/oauth/`;
  const now = options.now ?? (() => Date.now());
  const ttlMs = options.ttlMs ?? OAUTH_LINK_TTL_MS;
  const byConversation = new Map<string, Entry>();
  const redirectUri = new URL(`${prefix}callback`, base).toString();

  const find = (match: (entry: Entry) => boolean): Entry | undefined => [...byConversation.values()].find(match);

  function page(response: ServerResponse, status: number, language: string, key: string, extra: Record<string, string> = {}): void {
    const t = translator(language);
    const nonce = newNonce();
    response.writeHead(status, { ...securityHeaders({ nonce, https }), 'Content-Type': 'text/html; charset=utf-8', ...extra });
    response.end(messageHtml({ t, nonce, language, title: t(`oauth:page.${key}_title`), text: t(`oauth:page.${key}_text`) }));
  }

  function languageOf(request: IncomingMessage, entry?: Entry): string {
    const accepted = (request.headers['accept-language'] ?? '').split(',')[0]?.split(';')[0]?.trim();
    return entry?.language ?? matchLanguage(accepted) ?? matchLanguage(options.defaultLanguage) ?? 'en';
  }

  function start(request: IncomingMessage, response: ServerResponse, link: string): void {
    const entry = LINK.test(link) ? find((e) => e.link === link) : undefined;
    if (!entry) return page(response, 404, languageOf(request), 'unknown');
    if (entry.expiresAt <= now() || entry.started) return page(response, 410, languageOf(request, entry), 'used');
    entry.started = true;
    const cookie = [`${COOKIE}=${entry.signIn.state}`, `Path=${prefix}`, `Max-Age=${Math.floor((entry.expiresAt - now()) / 1000)}`, 'HttpOnly', 'SameSite=Lax', ...(https ? ['Secure'] : [])].join('; ');
    // Lax, not Strict: the provider's redirect back is a cross-site top-level navigation.
    response.writeHead(302, { ...securityHeaders({ nonce: newNonce(), https }), Location: entry.signIn.authorizationUrl.toString(), 'Set-Cookie': cookie });
    response.end();
  }

  async function callback(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const state = url.searchParams.get('state') ?? '';
    const entry = state ? find((e) => e.signIn.state === state) : undefined;
    if (!entry) return page(response, 404, languageOf(request), 'unknown');
    const language = languageOf(request, entry);
    const cookie = readCookie(request.headers.cookie, COOKIE) ?? '';
    // The answer counts only in the browser the link was opened in.
    if (!entry.started || !sameText(cookie, state)) return page(response, 403, language, 'wrong_browser');
    byConversation.delete(entry.conversationKey);
    if (entry.expiresAt <= now()) return page(response, 410, language, 'used');
    const clear = { 'Set-Cookie': `${COOKIE}=; Path=${prefix}; Max-Age=0; HttpOnly; SameSite=Lax${https ? '; Secure' : ''}` };
    try {
      const token = await entry.signIn.finish(url);
      entry.onToken(token);
      page(response, 200, language, 'signed_in', clear);
    } catch (error) {
      entry.onError(error);
      page(response, 400, language, 'failed', clear);
    }
  }

  return {
    redirectUri,
    issue(conversationKey, pending) {
      const link = randomBytes(32).toString('base64url');
      byConversation.get(conversationKey)?.onError(new Error('replaced by a newer sign-in link'));
      byConversation.set(conversationKey, { ...pending, conversationKey, link, expiresAt: now() + ttlMs, started: false });
      return new URL(`${prefix}start/${link}`, base);
    },
    revoke(conversationKey) {
      byConversation.delete(conversationKey);
    },
    handles: (path) => path.startsWith(prefix),
    handle(request, response) {
      const url = new URL(request.url ?? '/', base);
      if (request.method !== 'GET') {
        request.resume();
        return page(response, 405, languageOf(request), 'unknown', { Allow: 'GET' });
      }
      if (url.pathname === `${prefix}callback`) return void callback(request, response, url);
      const link = url.pathname.startsWith(`${prefix}start/`) ? url.pathname.slice(`${prefix}start/`.length) : '';
      start(request, response, link);
    },
  };
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
