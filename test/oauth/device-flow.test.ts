import assert from 'node:assert/strict';
import { signInWithDeviceCode, type DeviceCodePrompt } from '../../src/oauth/device-flow';
import { oauthClient } from '../../src/oauth/oauth-client';
import { OAUTH_ERROR_CODES, OAuthError } from '../../src/oauth/oauth-error';
import { MAIL_SCOPES, UNGRANTED_SCOPE } from '../support/oauth-provider';
import { testConfigured, useTestProvider } from './support';

describe('device authorization grant against a real provider (oidc-provider on loopback)', () => {
  const fixture = useTestProvider({ interval: 1 });

  async function client() {
    const { provider, pki } = fixture();
    return oauthClient(testConfigured(provider), { timeoutMs: 5000, ca: pki.trusted });
  }

  it('shows the code, polls through authorization_pending, and gets a token for the mailbox user', async () => {
    const { provider } = fixture();
    const shown: DeviceCodePrompt[] = [];
    const minutes: number[] = [];
    const token = await signInWithDeviceCode(await client(), ['imap'], {
      showCode: (prompt) => {
        shown.push(prompt);
        // The user signs in a little later, while the bot polls.
        setTimeout(() => void provider.approveDevice(prompt.userCode, 'alice@example.test'), 1500);
      },
      waiting: (left) => minutes.push(left),
    });
    assert.equal(shown.length, 1);
    assert.match(shown[0]!.userCode, /^[A-Z]{4}-[A-Z]{4}$/);
    assert.equal(new URL(shown[0]!.verificationUri).origin, provider.issuer);
    assert.deepEqual(minutes, [15]);
    const introspection = await provider.introspect(token.token.reveal());
    assert.equal(introspection.active, true);
    assert.equal(introspection.sub, 'alice@example.test');
    assert.equal(introspection.scope, MAIL_SCOPES.imap);
    assert.equal(String(token.token), '[redacted]');
    assert.equal(JSON.stringify({ token: token.token }), '{"token":"[redacted]"}');
  });

  it('revokes the token when the test is done and forgets it', async () => {
    const { provider } = fixture();
    const token = await signInWithDeviceCode(await client(), ['smtp'], {
      showCode: (prompt) => void provider.approveDevice(prompt.userCode, 'bob@example.test'),
    });
    const value = token.token.reveal();
    assert.equal((await provider.introspect(value)).active, true);
    await token.dispose();
    assert.equal(token.token.reveal(), '');
    assert.equal((await provider.introspect(value)).active, false);
  });

  it('ends with OAUTH_DENIED when the user declines', async () => {
    const { provider } = fixture();
    const failure = await signInWithDeviceCode(await client(), ['imap'], {
      showCode: (prompt) => void provider.approveDevice(prompt.userCode, 'carol@example.test', { deny: true }),
    }).then(
      () => assert.fail('no token expected'),
      (error: unknown) => error,
    );
    assert.ok(failure instanceof OAuthError, String(failure));
    assert.equal(failure.code, OAUTH_ERROR_CODES.denied);
    assert.equal(failure.oauthError, 'access_denied');
  });

  it('ends with OAUTH_ABORTED when the conversation cancels, without waiting for the code to expire', async () => {
    const controller = new AbortController();
    const failure = await signInWithDeviceCode(await client(), ['imap'], { showCode: () => void setTimeout(() => controller.abort(), 200) }, controller.signal).then(
      () => assert.fail('no token expected'),
      (error: unknown) => error,
    );
    assert.ok(failure instanceof OAuthError, String(failure));
    assert.equal(failure.code, OAUTH_ERROR_CODES.aborted);
  });

  it('answers invalid_scope for a scope the client may not ask for, as an OAuthError with the provider\'s words', async () => {
    const { provider, pki } = fixture();
    const wrong = await oauthClient(testConfigured(provider, { scopes: { imap: UNGRANTED_SCOPE, pop3: 'mail.pop', smtp: 'mail.smtp' } }), { timeoutMs: 5000, ca: pki.trusted });
    const failure = await signInWithDeviceCode(wrong, ['imap'], { showCode: () => assert.fail('no code expected') }).then(
      () => assert.fail('no token expected'),
      (error: unknown) => error,
    );
    assert.ok(failure instanceof OAuthError, String(failure));
    assert.equal(failure.code, OAUTH_ERROR_CODES.provider);
    assert.equal(failure.oauthError, 'invalid_scope');
  });
});

describe('device authorization grant: slow_down and expiry', () => {
  describe('a provider that says slow_down', () => {
    const fixture = useTestProvider({ interval: 1, slowDown: 1 });
    it('waits 5 seconds longer after slow_down before polling again (RFC 8628 §3.5)', async function () {
      this.timeout(30_000);
      const { provider, pki } = fixture();
      const client = await oauthClient(testConfigured(provider), { timeoutMs: 5000, ca: pki.trusted });
      const token = await signInWithDeviceCode(client, ['imap'], { showCode: (prompt) => provider.approveDevice(prompt.userCode, 'dave@example.test') });
      assert.equal((await provider.introspect(token.token.reveal())).sub, 'dave@example.test');
      const [first, second] = provider.tokenRequests;
      assert.ok(first !== undefined && second !== undefined);
      assert.ok(second - first >= 5900, `second poll ${second - first} ms after the slow_down`);
    });
  });

  describe('a code that expires', () => {
    const fixture = useTestProvider({ interval: 1, deviceCodeTtl: 2 });
    it('ends with OAUTH_EXPIRED when nobody signs in before expires_in', async () => {
      const { provider, pki } = fixture();
      const client = await oauthClient(testConfigured(provider), { timeoutMs: 5000, ca: pki.trusted });
      const failure = await signInWithDeviceCode(client, ['imap'], { showCode: () => undefined }).then(
        () => assert.fail('no token expected'),
        (error: unknown) => error,
      );
      assert.ok(failure instanceof OAuthError, String(failure));
      assert.equal(failure.code, OAUTH_ERROR_CODES.expired);
    });
  });
});
