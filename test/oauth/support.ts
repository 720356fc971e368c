import { createTestPki, type TestPki } from '../support/certs';
import { MAIL_SCOPES, startTestOAuthProvider, TEST_CLIENT_ID, type TestOAuthProvider, type TestOAuthProviderOptions } from '../support/oauth-provider';
import type { ConfiguredProvider } from '../../src/oauth/oauth-client';
import type { OAuthProvider } from '../../src/oauth/providers';

/** The loopback test provider as a generic provider entry, the way an admin would configure one. */
export function testProviderEntry(p: TestOAuthProvider, overrides: Partial<OAuthProvider> = {}): OAuthProvider {
  return {
    id: 'test',
    name: 'Test Identity',
    issuer: p.issuer,
    authorizationEndpoint: p.endpoints.authorization,
    tokenEndpoint: p.endpoints.token,
    deviceEndpoint: p.endpoints.device,
    revocationEndpoint: p.endpoints.revocation,
    scopes: { ...MAIL_SCOPES },
    mechanism: 'XOAUTH2',
    flows: ['device', 'pkce'],
    discoveryIds: [],
    hosts: ['mail.example.test'],
    clientIdEnv: 'MAILHELP_OAUTH_TEST_CLIENT_ID',
    sources: ['test/support/oauth-provider.ts'],
    ...overrides,
  };
}

export function testConfigured(p: TestOAuthProvider, overrides: Partial<OAuthProvider> = {}): ConfiguredProvider {
  return { provider: testProviderEntry(p, overrides), clientId: TEST_CLIENT_ID };
}

export interface ProviderFixture {
  pki: TestPki;
  provider: TestOAuthProvider;
}

/** One provider per suite (starting oidc-provider takes a moment). */
export function useTestProvider(options: Partial<TestOAuthProviderOptions> = {}): () => ProviderFixture {
  let fixture: ProviderFixture | undefined;
  before(async function () {
    this.timeout(30_000);
    const pki = createTestPki();
    const provider = await startTestOAuthProvider({ tls: pki.issue({ commonName: '127.0.0.1', altNames: ['127.0.0.1'] }), ca: pki.trusted, ...options });
    fixture = { pki, provider };
  });
  after(async () => fixture?.provider.close());
  return () => {
    if (!fixture) throw new Error('test provider not started');
    return fixture;
  };
}
