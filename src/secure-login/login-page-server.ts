import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConversationEndedError } from '../errors/conversation-ended-error';
import { matchLanguage, translator, type Translate } from '../i18n/translator';
import { redactSecret } from '../logging/redact-secret';
import { csrfCookie, CSRF_COOKIE, readCookie } from './cookies';
import { LINK_TTL_MS, LoginLinks, sameToken, type LinkRecord } from './login-links';
import { messageHtml, passwordFormHtml } from './login-page-html';
import { FormBodyError, readForm } from './request-body';
import type { OAuthSignInPage } from './oauth-sign-in-page';
import { newNonce, securityHeaders } from './security-headers';

/**
 * The one-time password page. Chat modals cannot mask a password field, so when the bot has a
 * public URL (MAILHELP_PUBLIC_URL) the conversation sends the user a private link instead:
 * one use, 10 minutes, bound to the conversation, a masked field, CSRF-checked. The password
 * goes to `onSubmit` and nowhere else: not to a log, not to a store, not into an error.
 */
export interface LoginPageOptions {
  /** Public base URL of the bot, e.g. https://mailhelp.example.com (a path prefix is kept). */
  publicUrl: string;
  /**
   * Receives the password for the conversation's login test. Should return once it has taken
   * it (the login test runs on; its result goes to the chat). Throw ConversationEndedError when
   * the conversation no longer waits for a password.
   */
  onSubmit(conversationKey: string, password: string): void | Promise<void>;
  /** How long a link works (default 10 minutes). */
  linkTtlMs?: number;
  /** Clock, Date.now by default (sinon fake timers drive it). */
  now?: () => number;
  /** Language of pages whose link gives none (unknown links), before Accept-Language. */
  defaultLanguage?: string;
  logger?: { info(details: object, message: string): void; warn(details: object, message: string): void };
  /** The OAuth sign-in page (./oauth-sign-in-page), served beside the password page under `/oauth/`. */
  oauthPage?: OAuthSignInPage;
}

export interface LoginPageServer {
  /** A new one-time link for the conversation (an older open one stops working). */
  issueLink(conversationKey: string, user: string, options?: { language?: string }): URL;
  /** Ends the conversation's open link (the conversation ended or moved on). */
  revoke(conversationKey: string): void;
  /** Request listener for the bot's HTTP server; answers only under `<publicUrl path>/login/`. */
  handle(request: IncomingMessage, response: ServerResponse): void;
  /** Whether a request path is the login page's (for mounting beside other routes). */
  handles(path: string): boolean;
  /** Serves the page on its own server (tests; or a deployment without another HTTP server). */
  /** `beside`: other paths served on the same listener (health and metrics); it returns false for paths it does not serve. */
  listen(port: number, host: string, beside?: (request: IncomingMessage, response: ServerResponse) => boolean): Promise<AddressInfo>;
  close(): Promise<void>;
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const MAX_PASSWORD_LENGTH = 1024;

export function createLoginPageServer(options: LoginPageOptions): LoginPageServer {
  const base = new URL(options.publicUrl);
  const https = base.protocol === 'https:';
  const basePath = base.pathname.replace(/\/+$/, '');
  const prefix = `${basePath}/login/`;
  const ttlMs = options.linkTtlMs ?? LINK_TTL_MS;
  const now = options.now ?? (() => Date.now());
  const links = new LoginLinks(ttlMs, now);
  let ownServer: Server | undefined;

  function languageOf(request: IncomingMessage, record?: LinkRecord): string {
    const accepted = (request.headers['accept-language'] ?? '').split(',')[0]?.split(';')[0]?.trim();
    return record?.language ?? matchLanguage(accepted) ?? matchLanguage(options.defaultLanguage) ?? 'en';
  }

  function send(response: ServerResponse, status: number, html: string, nonce: string, extra: Record<string, string | string[]> = {}): void {
    response.writeHead(status, {
      ...securityHeaders({ nonce, https }),
      'Content-Type': 'text/html; charset=utf-8',
      ...extra,
    });
    response.end(html);
  }

  function sendMessage(response: ServerResponse, status: number, language: string, key: string, extra: Record<string, string | string[]> = {}): void {
    const t = translator(language);
    const nonce = newNonce();
    send(response, status, messageHtml({ t, nonce, language, title: t(`secure-login:${key}_title`), text: t(`secure-login:${key}_text`) }), nonce, extra);
  }

  function sendForm(response: ServerResponse, status: number, t: Translate, language: string, record: LinkRecord, cookiePath: string, error?: string): void {
    const nonce = newNonce();
    const secondsLeft = (record.expiresAt - now()) / 1000;
    const html = passwordFormHtml({ t, nonce, language, user: record.user, csrfToken: record.csrfToken, minutesLeft: Math.max(1, Math.ceil(secondsLeft / 60)), ...(error ? { error } : {}) });
    send(response, status, html, nonce, { 'Set-Cookie': csrfCookie(record.csrfToken, { path: cookiePath, maxAgeSeconds: secondsLeft, https }) });
  }

  /** A refused link: why, in words, with the status a browser and a cache understand. */
  function sendRefusedLink(response: ServerResponse, language: string, reason: 'unknown' | 'expired' | 'used'): void {
    sendMessage(response, reason === 'unknown' ? 404 : 410, language, reason);
  }

  function showForm(request: IncomingMessage, response: ServerResponse, token: string, path: string): void {
    const lookup = links.peek(token);
    if (!lookup.ok) return sendRefusedLink(response, languageOf(request), lookup.reason);
    const language = languageOf(request, lookup.record);
    sendForm(response, 200, translator(language), language, lookup.record, path);
  }

  /**
   * A cross-site post shows itself by its Origin or Sec-Fetch-Site, where the browser sends
   * them. Under `Referrer-Policy: no-referrer` browsers send `Origin: null` even for our own
   * form, so `null` says nothing either way; the token and the cookie still decide.
   */
  function crossSite(request: IncomingMessage): boolean {
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== 'null' && origin !== base.origin) return true;
    const site = request.headers['sec-fetch-site'];
    return site !== undefined && site !== 'same-origin' && site !== 'none';
  }

  async function submit(request: IncomingMessage, response: ServerResponse, token: string, path: string): Promise<void> {
    const lookup = links.peek(token);
    if (!lookup.ok) {
      request.resume();
      return sendRefusedLink(response, languageOf(request), lookup.reason);
    }
    const record = lookup.record;
    const language = languageOf(request, record);
    if (crossSite(request)) {
      request.resume();
      options.logger?.warn({ event: 'login_page_cross_site' }, 'login page: cross-site post refused');
      return sendMessage(response, 403, language, 'forbidden');
    }
    let form: URLSearchParams;
    try {
      form = await readForm(request);
    } catch (error) {
      if (error instanceof FormBodyError) return sendMessage(response, error.status, language, 'bad_request');
      throw error;
    }
    const formToken = form.get('csrf') ?? '';
    const cookieToken = readCookie(request.headers.cookie, CSRF_COOKIE) ?? '';
    // Both copies must match the link's own token: the hidden field proves the post came from
    // our page, the SameSite=Strict cookie that it came from this site. Neither burns the link.
    if (!sameToken(formToken, record.csrfToken) || !sameToken(cookieToken, record.csrfToken)) {
      options.logger?.warn({ event: 'login_page_csrf', field: formToken !== '', cookie: cookieToken !== '' }, 'login page: CSRF check failed');
      return sendMessage(response, 403, language, 'forbidden');
    }
    const password = form.get('password') ?? '';
    if (password === '') {
      const t = translator(language);
      return sendForm(response, 400, t, language, record, path, t('secure-login:empty_password'));
    }
    if (password.length > MAX_PASSWORD_LENGTH) return sendMessage(response, 400, language, 'bad_request');

    const spent = links.consume(token);
    if (!spent.ok) return sendRefusedLink(response, language, spent.reason); // used by a parallel post
    const clearCookie = { 'Set-Cookie': csrfCookie('', { path, maxAgeSeconds: 0, https }) };
    try {
      await options.onSubmit(record.conversationKey, password);
    } catch (error) {
      if (error instanceof ConversationEndedError) return sendMessage(response, 410, language, 'ended', clearCookie);
      const message = redactSecret(error instanceof Error ? error.message : String(error), password);
      options.logger?.warn({ event: 'login_page_submit_failed', message }, 'login page: the conversation did not take the password');
      return sendMessage(response, 500, language, 'error', clearCookie);
    }
    options.logger?.info({ event: 'login_page_submitted' }, 'login page: password handed to the conversation');
    sendMessage(response, 200, language, 'done', clearCookie);
  }

  function handle(request: IncomingMessage, response: ServerResponse): void {
    const path = (request.url ?? '/').split('?')[0]!;
    if (options.oauthPage?.handles(path)) return options.oauthPage.handle(request, response);
    const token = path.startsWith(prefix) ? path.slice(prefix.length) : undefined;
    if (token === undefined || token.includes('/')) {
      request.resume();
      return sendMessage(response, 404, languageOf(request), 'not_found');
    }
    if (!TOKEN.test(token)) {
      request.resume();
      return sendRefusedLink(response, languageOf(request), 'unknown');
    }
    if (request.method === 'GET') return showForm(request, response, token, path);
    if (request.method === 'POST') {
      submit(request, response, token, path).catch(() => {
        if (!response.headersSent) sendMessage(response, 500, languageOf(request), 'error');
        else response.destroy();
      });
      return;
    }
    request.resume();
    sendMessage(response, 405, languageOf(request), 'bad_request', { Allow: 'GET, POST' });
  }

  return {
    issueLink(conversationKey, user, issueOptions = {}) {
      const language = matchLanguage(issueOptions.language) ?? matchLanguage(options.defaultLanguage) ?? 'en';
      const { token } = links.issue(conversationKey, user, language);
      return new URL(`${prefix}${token}`, base.origin);
    },
    revoke: (conversationKey) => links.revoke(conversationKey),
    handle,
    handles: (path) => path.startsWith(prefix) || options.oauthPage?.handles(path) === true,
    async listen(port, host, beside) {
      const server = createServer((request, response) => {
        if (!beside?.(request, response)) handle(request, response);
      });
      // A page with two fields: slow or idle clients get no time to tie up sockets.
      server.headersTimeout = 10_000;
      server.requestTimeout = 15_000;
      server.keepAliveTimeout = 5_000;
      ownServer = server;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      return server.address() as AddressInfo;
    },
    async close() {
      const server = ownServer;
      ownServer = undefined;
      if (!server) return;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
