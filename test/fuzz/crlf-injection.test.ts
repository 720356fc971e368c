import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loginImap } from '../../src/probes/login-imap';
import type { LoginOptions } from '../../src/probes/login-common';
import { loginPop3 } from '../../src/probes/login-pop3';
import type { Credentials, Protocol, Security, ServerSettings } from '../../src/settings/server-settings';
import { createTestPki, type KeyAndCert } from '../support/certs';
import { startFakeImapServer, type FakeImapServer, type FakeImapServerOptions } from '../support/fake-imap-server';
import { startFakePop3Server, type FakePop3Server, type FakePop3ServerOptions } from '../support/fake-pop3-server';

/**
 * CR/LF in a user-supplied value must never turn into a protocol command of its own. A user
 * name like `alice\r\nDELE 1` sent raw would make a POP3 server delete a message. The fake
 * servers record every command line they parse; none may be the injected one.
 */
const HOST = 'mail.example.test';
const INJECTED = /^(DELE|DELETE|RSET|QUIT|EXPUNGE|A1 |X )/i;

function settings(protocol: Protocol, port: number, security: Security): ServerSettings {
  return { protocol, host: HOST, port, security };
}

describe('CR/LF in a user name or password never reaches a server as a command', function () {
  this.timeout(60_000);
  let leaf: KeyAndCert;
  let trusted: string[];
  const closers: (() => Promise<void>)[] = [];

  before(function () {
    const pki = createTestPki();
    leaf = pki.issue({ commonName: HOST });
    trusted = pki.trusted;
  });
  afterEach(async () => Promise.all(closers.splice(0).map((close) => close())));

  const options = (): LoginOptions => ({ address: '127.0.0.1', servername: HOST, ca: trusted, timeoutMs: 3000 });

  async function pop3(extra: FakePop3ServerOptions): Promise<FakePop3Server> {
    const server = await startFakePop3Server({ host: '127.0.0.1', ...extra });
    closers.push(() => server.close());
    return server;
  }

  async function imap(extra: FakeImapServerOptions): Promise<FakeImapServer> {
    const server = await startFakeImapServer({ host: '127.0.0.1', ...extra });
    closers.push(() => server.close());
    return server;
  }

  /** Splits on a bare CR too: some servers end a line there, though these fakes do not. */
  function assertNoInjectedCommand(received: string[]): void {
    const injected = received.flatMap((line) => line.split(/\r|\n/)).filter((piece) => INJECTED.test(piece.trim()));
    assert.deepEqual(injected, [], `the server saw: ${JSON.stringify(received)}`);
  }

  const credentials: [string, Credentials][] = [
    ['user name \\r\\nDELE 1', { user: 'alice\r\nDELE 1', password: 'pw' }],
    ['user name \\nDELE 1', { user: 'alice\nDELE 1', password: 'pw' }],
    ['user name \\rDELE 1', { user: 'alice\rDELE 1', password: 'pw' }],
    ['password \\r\\nDELE 1', { user: 'alice', password: 'pw\r\nDELE 1' }],
  ];

  describe('POP3 (loginPop3)', function () {
    for (const [what, creds] of credentials) {
      it(`USER/PASS on a plain port: ${what}`, async function () {
        const server = await pop3({ capabilities: ['USER'] });
        const result = await loginPop3(settings('pop3', server.port, 'none'), creds, options());
        assert.equal(result.ok, false);
        assertNoInjectedCommand(server.received);
      });

      it(`AUTH PLAIN over TLS: ${what}`, async function () {
        const server = await pop3({ tls: leaf });
        const result = await loginPop3(settings('pop3', server.port, 'tls'), creds, options());
        assert.equal(result.ok, false);
        assertNoInjectedCommand(server.received);
      });
    }

    it('the refusal names the problem and keeps the password out', async function () {
      const server = await pop3({ capabilities: ['USER'] });
      const result = await loginPop3(settings('pop3', server.port, 'none'), { user: 'alice', password: 'S3cret\r\nDELE 1' }, options());
      assert.ok(!result.ok);
      assert.equal(result.code, 'EINVAL');
      assert.ok(!JSON.stringify(result).includes('S3cret'));
      assert.ok(!server.received.some((line) => line.startsWith('USER') || line.startsWith('PASS')), 'nothing was sent for such credentials');
    });
  });

  describe('IMAP (loginImap, imapflow)', function () {
    for (const [what, creds] of [...credentials, ['user name \\r\\nA1 DELETE INBOX', { user: 'alice\r\nA1 DELETE INBOX', password: 'pw' }] as [string, Credentials]]) {
      it(`LOGIN on a plain port: ${what}`, async function () {
        const server = await imap({ capabilities: ['IMAP4rev1'], login: () => 'NO [AUTHENTICATIONFAILED] no' });
        const result = await loginImap(settings('imap', server.port, 'none'), creds, options());
        assert.equal(result.ok, false);
        assertNoInjectedCommand(server.received);
        // imapflow refuses to quote a line break, so no LOGIN goes out at all; were it ever
        // sent, it would have to carry the whole value as one argument.
        for (const line of server.received.filter((l) => l.startsWith('LOGIN'))) {
          assert.ok(line.includes(creds.user) && line.includes(creds.password), JSON.stringify(line));
        }
      });

      it(`AUTHENTICATE PLAIN over TLS: ${what}`, async function () {
        const server = await imap({ tls: leaf, login: () => 'NO [AUTHENTICATIONFAILED] no' });
        await loginImap(settings('imap', server.port, 'tls'), creds, options());
        assertNoInjectedCommand(server.received);
      });
    }
  });

  it('property: any line break and command in the user name stays inside it (POP3 and IMAP)', async function () {
    const injection = fc
      .tuple(fc.string({ maxLength: 10 }), fc.constantFrom('\r\n', '\n', '\r', '\r\r\n', '\n\r'), fc.constantFrom('DELE 1', 'QUIT', 'RSET', 'A1 DELETE INBOX', 'X EXPUNGE'), fc.string({ maxLength: 10 }))
      .map(([before, br, command, after]) => `${before}${br}${command}${after}`);
    const pop3Server = await pop3({ capabilities: ['USER'] });
    const imapServer = await imap({ capabilities: ['IMAP4rev1'], login: () => 'NO [AUTHENTICATIONFAILED] no' });
    await fc.assert(
      fc.asyncProperty(injection, fc.boolean(), async (value, inPassword) => {
        const creds = inPassword ? { user: 'alice', password: value } : { user: value, password: 'pw' };
        pop3Server.received.length = 0;
        imapServer.received.length = 0;
        await loginPop3(settings('pop3', pop3Server.port, 'none'), creds, options());
        await loginImap(settings('imap', imapServer.port, 'none'), creds, options());
        assertNoInjectedCommand(pop3Server.received);
        assertNoInjectedCommand(imapServer.received);
      }),
      { numRuns: 25 },
    );
  });
});
