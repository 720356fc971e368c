import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAuthentication, type SMTPServerAuthenticationResponse, type SMTPServerSession } from 'smtp-server';
import { signInWithDeviceCode } from '../../src/oauth/device-flow';
import { oauthClient } from '../../src/oauth/oauth-client';
import { secretForms, type LoginResult } from '../../src/probes/login-common';
import { loginImap } from '../../src/probes/login-imap';
import { loginPop3 } from '../../src/probes/login-pop3';
import { loginSmtp } from '../../src/probes/login-smtp';
import type { Credentials, Protocol } from '../../src/settings/server-settings';
import { startFakeImapServer, type FakeImapServer, type FakeImapServerOptions } from '../support/fake-imap-server';
import { startFakePop3Server, type FakePop3Server } from '../support/fake-pop3-server';
import { MAIL_SCOPES } from '../support/oauth-provider';
import { tokenChecker } from '../support/oauth-verifier';
import { testConfigured, useTestProvider } from '../oauth/support';

const HOST = 'mail.example.test';
const ALICE = 'alice@example.test';

function failed(result: LoginResult): Extract<LoginResult, { ok: false }> {
  assert.equal(result.ok, false, `expected a failure, got ${JSON.stringify(result)}`);
  return result as Extract<LoginResult, { ok: false }>;
}

describe('OAuth logins (XOAUTH2, OAUTHBEARER) with tokens a real provider issued and the servers introspect', function () {
  this.timeout(30_000);
  const fixture = useTestProvider({ interval: 1 });
  const tokens = new Map<string, string>();
  const servers: Array<{ close(): Promise<void> | void }> = [];

  /** A token for `user` with the scopes of `protocols`, through the device flow the bot uses. */
  async function tokenFor(user: string, protocols: Protocol[]): Promise<string> {
    const key = `${user} ${protocols.join(',')}`;
    const known = tokens.get(key);
    if (known) return known;
    const { provider, pki } = fixture();
    const client = await oauthClient(testConfigured(provider), { timeoutMs: 5000, ca: pki.trusted });
    const token = await signInWithDeviceCode(client, protocols, { showCode: (prompt) => provider.approveDevice(prompt.userCode, user) });
    tokens.set(key, token.token.reveal());
    return token.token.reveal();
  }

  const credentials = (user: string, accessToken: string, mechanism: 'XOAUTH2' | 'OAUTHBEARER' = 'XOAUTH2'): Credentials => ({ user, password: '', oauth: { accessToken, mechanism } });
  const leaf = () => fixture().pki.issue({ commonName: HOST });
  const options = () => ({ address: '127.0.0.1', servername: HOST, ca: fixture().pki.trusted, timeoutMs: 5000 });

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  async function imapServer(extra: Partial<FakeImapServerOptions> = {}, disabled = new Set<string>()): Promise<FakeImapServer> {
    const check = tokenChecker(fixture().provider, MAIL_SCOPES.imap);
    const s = await startFakeImapServer({
      tls: leaf(),
      capabilities: ['IMAP4rev1', 'ID', 'NAMESPACE', 'ENABLE', 'SASL-IR', 'AUTH=XOAUTH2'],
      // Exchange Online answers a valid token for a mailbox whose IMAP is off with a bare "AUTHENTICATE failed."
      oauth: async (user, token) => {
        const verdict = await check(user, token);
        if (verdict !== 'ok') return { ok: false, status: verdict === 'insufficient_scope' ? 'insufficient_scope' : 'invalid_token' };
        if (disabled.has(user)) return { ok: false, reply: 'NO AUTHENTICATE failed.' };
        return { ok: true };
      },
      ...extra,
    });
    servers.push(s);
    return s;
  }

  describe('IMAP through imapflow', () => {
    it('logs in with XOAUTH2 and opens the inbox read-only', async () => {
      const s = await imapServer();
      const result = await loginImap({ protocol: 'imap', host: HOST, port: s.port, security: 'tls' }, credentials(ALICE, await tokenFor(ALICE, ['imap'])), options());
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(result.mechanism, 'AUTHENTICATE XOAUTH2');
      assert.equal(result.opened, 'EXAMINE INBOX: 2 messages');
      assert.ok(s.received.some((line) => /^EXAMINE INBOX$/i.test(line)));
    });

    it('fails a token of another user (the provider says its sub is bob)', async () => {
      const s = await imapServer();
      const result = failed(await loginImap({ protocol: 'imap', host: HOST, port: s.port, security: 'tls' }, credentials(ALICE, await tokenFor('bob@example.test', ['imap'])), options()));
      assert.equal(result.stage, 'login');
      assert.match(result.response ?? '', /AUTHENTICATIONFAILED.*status invalid_token/);
    });

    it('fails a token without the IMAP scope with the server\'s insufficient_scope status', async () => {
      const s = await imapServer();
      const result = failed(await loginImap({ protocol: 'imap', host: HOST, port: s.port, security: 'tls' }, credentials(ALICE, await tokenFor(ALICE, ['smtp'])), options()));
      assert.match(result.response ?? '', /status insufficient_scope/);
    });

    it('reports "AUTHENTICATE failed." for a valid token when IMAP is off for the mailbox', async () => {
      const s = await imapServer({}, new Set([ALICE]));
      const result = failed(await loginImap({ protocol: 'imap', host: HOST, port: s.port, security: 'tls' }, credentials(ALICE, await tokenFor(ALICE, ['imap'])), options()));
      assert.equal(result.stage, 'login');
      assert.equal(result.response, 'NO AUTHENTICATE failed.');
    });

    it('reports a login whose inbox cannot be opened as MAILBOX_UNAVAILABLE', async () => {
      const s = await imapServer({ select: () => 'NO [NONEXISTENT] Mailbox does not exist' });
      const result = failed(await loginImap({ protocol: 'imap', host: HOST, port: s.port, security: 'tls' }, credentials(ALICE, await tokenFor(ALICE, ['imap'])), options()));
      assert.equal(result.code, 'MAILBOX_UNAVAILABLE');
      assert.match(result.response ?? '', /NONEXISTENT/);
    });

    it('uses OAUTHBEARER (RFC 7628) when the server offers it', async () => {
      const s = await imapServer({ capabilities: ['IMAP4rev1', 'SASL-IR', 'AUTH=OAUTHBEARER', 'AUTH=XOAUTH2'] });
      const result = await loginImap({ protocol: 'imap', host: HOST, port: s.port, security: 'tls' }, credentials(ALICE, await tokenFor(ALICE, ['imap'])), options());
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(result.mechanism, 'AUTHENTICATE OAUTHBEARER');
    });

    it('never returns the token in any field', async () => {
      const token = await tokenFor(ALICE, ['smtp']);
      const s = await imapServer();
      const result = await loginImap({ protocol: 'imap', host: HOST, port: s.port, security: 'tls' }, credentials(ALICE, token), options());
      const text = JSON.stringify(result);
      for (const form of secretForms(credentials(ALICE, token))) assert.ok(!text.includes(form), 'a form of the token leaked');
    });
  });

  describe('SMTP through nodemailer', () => {
    async function smtpServer(refuse?: (auth: SMTPServerAuthentication) => Error | undefined): Promise<number> {
      const check = tokenChecker(fixture().provider, MAIL_SCOPES.smtp);
      const s = new SMTPServer({
        secure: true,
        ...leaf(),
        authMethods: ['XOAUTH2'],
        logger: false,
        onAuth(auth: SMTPServerAuthentication, _session: SMTPServerSession, callback: (err: Error | null | undefined, response?: SMTPServerAuthenticationResponse) => void) {
          void check(auth.username ?? '', auth.accessToken ?? '').then((verdict) => {
            if (verdict !== 'ok') return callback(null, { data: { status: '401', schemes: 'bearer' } } as SMTPServerAuthenticationResponse);
            const refusal = refuse?.(auth);
            if (refusal) return callback(refusal);
            callback(null, { user: auth.username });
          });
        },
      });
      servers.push({ close: () => new Promise<void>((resolve) => s.close(() => resolve())) });
      await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
      return (s.server.address() as AddressInfo).port;
    }

    it('logs in with XOAUTH2', async () => {
      const port = await smtpServer();
      const result = await loginSmtp({ protocol: 'smtp', host: HOST, port, security: 'tls' }, credentials(ALICE, await tokenFor(ALICE, ['smtp'])), options());
      assert.ok(result.ok, JSON.stringify(result));
    });

    it('reports 535 5.7.139 for a valid token when SMTP AUTH is off for the mailbox', async () => {
      const port = await smtpServer(() => Object.assign(new Error('5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information.'), { responseCode: 535 }));
      const result = failed(await loginSmtp({ protocol: 'smtp', host: HOST, port, security: 'tls' }, credentials(ALICE, await tokenFor(ALICE, ['smtp'])), options()));
      assert.equal(result.stage, 'login');
      assert.match(result.response ?? '', /^535 5\.7\.139 .*SmtpClientAuthentication is disabled for the Mailbox/);
    });

    it('fails a token without the SMTP scope', async () => {
      const port = await smtpServer();
      const result = failed(await loginSmtp({ protocol: 'smtp', host: HOST, port, security: 'tls' }, credentials(ALICE, await tokenFor(ALICE, ['imap'])), options()));
      assert.equal(result.stage, 'login');
      assert.match(result.response ?? '', /^535/);
    });
  });

  describe('POP3 through our client', () => {
    async function popServer(): Promise<FakePop3Server> {
      const check = tokenChecker(fixture().provider, MAIL_SCOPES.pop3);
      const s = await startFakePop3Server({
        tls: leaf(),
        capabilities: ['TOP', 'UIDL', 'USER', 'SASL PLAIN XOAUTH2'],
        oauth: async (user, token) => ((await check(user, token)) === 'ok' ? { ok: true } : { ok: false, status: 'invalid_token' }),
      });
      servers.push(s);
      return s;
    }

    it('logs in with AUTH XOAUTH2 and runs STAT', async () => {
      const s = await popServer();
      const result = await loginPop3({ protocol: 'pop3', host: HOST, port: s.port, security: 'tls' }, credentials(ALICE, await tokenFor(ALICE, ['pop3'])), options());
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(result.mechanism, 'AUTH XOAUTH2');
      assert.equal(result.opened, 'STAT +OK 0 0');
      assert.ok(s.received.includes('STAT'));
    });

    it('answers the error challenge and reports the final -ERR with its status', async () => {
      const s = await popServer();
      const result = failed(await loginPop3({ protocol: 'pop3', host: HOST, port: s.port, security: 'tls' }, credentials(ALICE, await tokenFor(ALICE, ['imap'])), options()));
      assert.equal(result.stage, 'login');
      assert.equal(result.response, '-ERR [AUTH] Authentication failed. (status invalid_token)');
      assert.ok(!s.received.includes('STAT'));
    });
  });
});
