import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { KeyAndCert } from './certs';

/**
 * A real OAuth 2.0 / OpenID provider on loopback: `oidc-provider` (a certified implementation)
 * over HTTPS with the device authorization grant (RFC 8628), authorization code + PKCE
 * (RFC 7636), token introspection (RFC 7662) and revocation (RFC 7009). The mail servers of
 * the tests validate XOAUTH2 tokens against it by introspection, as Dovecot's oauth2 passdb does.
 *
 * The user's side of a sign-in (entering the code, signing in, consenting) is driven over
 * HTTP by `approveDevice` / `authorize`, through the provider's own pages.
 */
export const TEST_CLIENT_ID = 'mailhelp-test';
/** The resource server (the mail servers) that introspects tokens. */
export const INTROSPECTION_CLIENT = { id: 'mail-servers', secret: 'mail-servers-secret-0123456789' };
export const MAIL_SCOPES = { imap: 'mail.imap', pop3: 'mail.pop', smtp: 'mail.smtp' } as const;
const MAIL_RESOURCE = 'urn:mailhelp:test-mail';
/** A scope the provider knows but the test client may not ask for. */
export const UNGRANTED_SCOPE = 'mail.admin';

export interface TestOAuthProvider {
  issuer: string;
  port: number;
  endpoints: { device: string; token: string; authorization: string; introspection: string; revocation: string };
  /** Plays the user: opens the verification page, enters the code, signs in as `user`, consents. */
  approveDevice(userCode: string, user: string, options?: { deny?: boolean }): Promise<void>;
  /** Plays the user on the authorization page: signs in and consents; returns the redirect with the code. */
  authorize(authorizationUrl: string, user: string, options?: { deny?: boolean }): Promise<URL>;
  /** RFC 7662 introspection as the mail servers do it. */
  introspect(token: string): Promise<Introspection>;
  /** When each token request arrived (epoch ms), to check the client's polling pace. */
  tokenRequests: number[];
  /** Access tokens the provider has revoked (by the client's revocation request). */
  revoked: string[];
  close(): Promise<void>;
}

export interface Introspection {
  active: boolean;
  sub?: string;
  scope?: string;
  client_id?: string;
}

export interface TestOAuthProviderOptions {
  tls: KeyAndCert;
  /** The CA the test trusts (for the provider's own introspection callers). */
  ca: string[];
  /** Redirect URIs allowed for the PKCE client. */
  redirectUris?: string[];
  /** Seconds between polls the device flow asks for (RFC 8628 §3.2 interval); 1 keeps tests quick. */
  interval?: number;
  /**
   * Answers this many token requests with `slow_down` before the provider sees them (RFC 8628
   * §3.5), the way a busy provider does; oidc-provider itself never sends it.
   */
  slowDown?: number;
  /** Seconds a device code lives (RFC 8628 expires_in; Microsoft: 900). */
  deviceCodeTtl?: number;
  /**
   * A second client configured like a Google "Web application" OAuth client: a client secret
   * (client_secret_post), the authorization code grant with PKCE only (no device grant), and
   * the bot's own page as its one redirect URI.
   */
  webClient?: { id: string; secret: string; redirectUris: string[] };
  /**
   * Where to listen (default 127.0.0.1, any free port): the lab runs the provider on the bot's
   * side of its veth pair at a fixed address, where Dovecot's oauth2 passdb introspects.
   */
  listen?: { host: string; port: number };
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
}

export async function startTestOAuthProvider(options: TestOAuthProviderOptions): Promise<TestOAuthProvider> {
  const { default: Provider } = await import('oidc-provider');
  const server: Server = createServer({ key: options.tls.key, cert: options.tls.cert });
  const host = options.listen?.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.listen?.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const issuer = `https://${host}:${port}`;
  const revoked: string[] = [];
  const tokenRequests: number[] = [];
  let slowDown = options.slowDown ?? 0;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: TEST_CLIENT_ID,
        token_endpoint_auth_method: 'none',
        application_type: 'native',
        // What the client may ask for: a scope outside this list is invalid_scope (as AADSTS70011 is at Microsoft).
        scope: ['openid', 'offline_access', ...Object.values(MAIL_SCOPES)].join(' '),
        grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: options.redirectUris ?? ['https://mailhelp.test/oauth/callback'],
      },
      ...(options.webClient
        ? [
            {
              client_id: options.webClient.id,
              client_secret: options.webClient.secret,
              token_endpoint_auth_method: 'client_secret_post',
              application_type: 'web',
              scope: Object.values(MAIL_SCOPES).join(' '),
              grant_types: ['authorization_code'],
              response_types: ['code'],
              redirect_uris: options.webClient.redirectUris,
            },
          ]
        : []),
      {
        client_id: INTROSPECTION_CLIENT.id,
        client_secret: INTROSPECTION_CLIENT.secret,
        grant_types: [],
        response_types: [],
        redirect_uris: [],
      },
    ],
    cookies: { keys: ['test-cookie-key-0123456789abcdef'] },
    scopes: ['openid', 'offline_access', ...Object.values(MAIL_SCOPES), UNGRANTED_SCOPE],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: true },
      deviceFlow: {
        enabled: true,
        charset: 'base-20',
        mask: '****-****',
        userCodeInputSource: (ctx: { body: string }, form: string) => void (ctx.body = page('Sign-in', `${form}<button type="submit" form="op.deviceInputForm">Continue</button>`)),
        userCodeConfirmSource: (ctx: { body: string }, form: string) => void (ctx.body = page('Confirm', `${form}<button type="submit" form="op.deviceConfirmForm">Continue</button>`)),
        successSource: (ctx: { body: string }) => void (ctx.body = page('Sign-in Success', 'You can close this page.')),
      },
      introspection: { enabled: true, allowedPolicy: () => true },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => MAIL_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope: Object.values(MAIL_SCOPES).join(' '), audience: MAIL_RESOURCE, accessTokenFormat: 'opaque' }),
      },
    },
    ttl: { DeviceCode: options.deviceCodeTtl ?? 900, AccessToken: 3600, Session: 3600, Interaction: 600, Grant: 3600 },
    findAccount: (_ctx: unknown, id: string) => ({ accountId: id, claims: () => ({ sub: id, email: id }) }),
  });
  const interval = options.interval ?? 1;
  const callback = provider.callback();
  server.on('request', (request, response) => {
    if (request.url === '/device/auth' && request.method === 'POST') {
      // Let the device authorization response carry the test's shorter interval.
      const end = response.end.bind(response);
      (response as { end: (...args: unknown[]) => unknown }).end = (chunk: unknown, ...rest: unknown[]) => {
        if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) {
          try {
            const body = JSON.parse(chunk.toString()) as Record<string, unknown>;
            if (typeof body.device_code === 'string') body.interval = interval;
            const text = JSON.stringify(body);
            response.setHeader('Content-Length', Buffer.byteLength(text));
            return end(text, ...(rest as []));
          } catch {
            // not JSON: leave it
          }
        }
        return end(chunk as never, ...(rest as []));
      };
    }
    if (request.url === '/token' && request.method === 'POST') {
      tokenRequests.push(Date.now());
      if (slowDown > 0) {
        slowDown -= 1;
        request.resume();
        response.writeHead(400, { 'Content-Type': 'application/json' });
        return void response.end('{"error":"slow_down","error_description":"polling too quickly"}');
      }
    }
    if (request.url === '/token/revocation' && request.method === 'POST') {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const token = new URLSearchParams(body).get('token');
        if (token) revoked.push(token);
      });
    }
    callback(request, response);
  });

  const endpoints = {
    device: `${issuer}/device/auth`,
    token: `${issuer}/token`,
    authorization: `${issuer}/auth`,
    introspection: `${issuer}/token/introspection`,
    revocation: `${issuer}/token/revocation`,
  };

  // Each sign-in is a fresh browser: a session cookie from one user must not sign in the next.
  const introspector = new TestBrowser(options.ca);

  async function introspect(token: string): Promise<Introspection> {
    const basic = Buffer.from(`${INTROSPECTION_CLIENT.id}:${INTROSPECTION_CLIENT.secret}`).toString('base64');
    const answer = await introspector.request('POST', endpoints.introspection, new URLSearchParams({ token }).toString(), { Authorization: `Basic ${basic}` });
    return JSON.parse(answer.body) as Introspection;
  }

  /** Walks the provider's pages until the flow is done; returns the last redirect to leave the provider. */
  async function interact(browser: TestBrowser, first: { location: string }, user: string, deny: boolean): Promise<URL | undefined> {
    let location: string | undefined = first.location;
    for (let step = 0; step < 20 && location; step += 1) {
      const url = new URL(location, issuer);
      if (url.origin !== issuer) return url;
      const page = await browser.request('GET', url.toString());
      if (page.location) {
        location = page.location;
        continue;
      }
      const prompt = /name="prompt" value="(\w+)"/.exec(page.body)?.[1];
      const action = /<form[^>]*action="([^"]+)"/.exec(page.body)?.[1];
      if (!prompt || !action) {
        if (/Sign-in Success|successfully|signed in/i.test(page.body) || /aborted|denied/i.test(page.body)) return undefined;
        throw new Error(`test provider: unexpected page at ${url.pathname}: ${page.body.slice(0, 200)}`);
      }
      const target = new URL(action.replace(/&amp;/g, '&'), issuer).toString();
      if (deny && prompt === 'consent') {
        const abort = await browser.request('GET', `${target.replace(/\/$/, '')}/abort`);
        location = abort.location;
        continue;
      }
      const form: Record<string, string> = prompt === 'login' ? { prompt, login: user, password: 'any' } : { prompt };
      const done = await browser.request('POST', target, new URLSearchParams(form).toString());
      location = done.location;
    }
    return undefined;
  }

  return {
    issuer,
    port,
    endpoints,
    revoked,
    tokenRequests,
    introspect,
    async approveDevice(userCode, user, { deny = false } = {}) {
      const browser = new TestBrowser(options.ca);
      const input = await browser.request('GET', `${issuer}/device`);
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(input.body)?.[1] ?? '';
      const confirm = await browser.request('POST', `${issuer}/device`, new URLSearchParams({ xsrf, user_code: userCode }).toString());
      const confirmXsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.body)?.[1] ?? xsrf;
      const form: Record<string, string> = { xsrf: confirmXsrf, user_code: userCode, confirm: 'yes' };
      if (deny) {
        delete form.confirm;
        form.abort = 'yes';
      }
      const started = await browser.request('POST', `${issuer}/device`, new URLSearchParams(form).toString());
      if (started.location) await interact(browser, { location: started.location }, user, false);
    },
    async authorize(authorizationUrl, user, { deny = false } = {}) {
      const browser = new TestBrowser(options.ca);
      const start = await browser.request('GET', authorizationUrl);
      if (!start.location) throw new Error(`test provider: no redirect from the authorization endpoint: ${start.status} ${start.body.slice(0, 200)}`);
      const out = await interact(browser, { location: start.location }, user, deny);
      if (!out) throw new Error('test provider: the flow did not redirect back');
      return out;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A minimal browser for the provider's pages: one cookie jar, redirects returned, not followed. */
class TestBrowser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly ca: string[]) {}

  async request(method: string, url: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; location?: string }> {
    const { request } = await import('node:https');
    return new Promise((resolve, reject) => {
      const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
      const req = request(url, {
        method,
        ca: this.ca,
        headers: {
          ...(body !== undefined ? { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': String(Buffer.byteLength(body)) } : {}),
          ...(cookie ? { Cookie: cookie } : {}),
          ...headers,
        },
      });
      req.on('response', (response) => {
        for (const line of response.headers['set-cookie'] ?? []) {
          const [pair = ''] = line.split(';');
          const eq = pair.indexOf('=');
          const name = pair.slice(0, eq).trim();
          const value = pair.slice(eq + 1).trim();
          if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
          else this.cookies.set(name, value);
        }
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text, ...(response.headers.location ? { location: response.headers.location } : {}) }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }
}
