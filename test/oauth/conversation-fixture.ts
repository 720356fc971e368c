import type { ConversationState } from '../../src/conversation/state';
import type { ConversationKey } from '../../src/store/conversation-key';
import type { PutOptions, Versioned } from '../../src/store/conversation-store';
import { MemoryConversationStore } from '../../src/store/memory-conversation-store';
import type { RenderedSignInCode } from '../../src/conversation/runner/conversation-output';
import type { DiagnoseRequest } from '../../src/diagnosis/diagnose-request';
import type { DiscoveryResult } from '../../src/discovery/discovery-result';
import type { OAuthConfiguration } from '../../src/oauth/oauth-config';
import { startDnsServer, type TestDnsServer } from '../support/dns-server';
import { startFakeImapServer, type FakeImapServer } from '../support/fake-imap-server';
import { MAIL_SCOPES, TEST_CLIENT_ID } from '../support/oauth-provider';
import { tokenChecker } from '../support/oauth-verifier';
import { RecordingOutput } from '../conversation/support/recording-output';
import { testProviderEntry, type ProviderFixture } from './support';

export const ALICE = 'alice@example.test';
/** Microsoft's answer to a password when basic authentication is off for the mailbox. */
export const BASIC_AUTH_OFF = 'NO [AUTHENTICATIONFAILED] Basic authentication is disabled.';

/**
 * A mailbox that signs in only with OAuth, for conversation tests: a DNS server naming
 * mail.example.test, an IMAPS server that refuses every password the way Exchange Online does
 * and lets a token in only when it introspects at the real test provider as the user's with
 * the IMAP scope, and discovery saying the provider takes no passwords.
 */
export interface OAuthMailbox {
  dns: TestDnsServer;
  imap: FakeImapServer;
  /** Every token the IMAP server was shown. */
  tokensSeen: string[];
  /** Users whose mailbox has IMAP off (Set-CASMailbox -ImapEnabled $false). */
  imapOff: Set<string>;
  discovery: DiscoveryResult;
  config: OAuthConfiguration;
  diagnoseOptions: NonNullable<DiagnoseRequest['options']>;
  close(): Promise<void>;
}

export async function startOAuthMailbox({ pki, provider }: ProviderFixture): Promise<OAuthMailbox> {
  const leaf = pki.issue({ commonName: 'mail.example.test', altNames: ['mail.example.test'] });
  const dns = await startDnsServer({ records: { 'mail.example.test': { A: ['127.0.0.1'] } } });
  const tokensSeen: string[] = [];
  const imapOff = new Set<string>();
  const check = tokenChecker(provider, MAIL_SCOPES.imap);
  const imap = await startFakeImapServer({
    tls: leaf,
    capabilities: ['IMAP4rev1', 'ID', 'SASL-IR', 'AUTH=PLAIN', 'AUTH=XOAUTH2'],
    login: () => BASIC_AUTH_OFF,
    oauth: async (user, token) => {
      tokensSeen.push(token);
      if ((await check(user, token)) !== 'ok') return { ok: false, status: 'invalid_token' };
      return imapOff.has(user) ? { ok: false, reply: 'NO AUTHENTICATE failed.' } : { ok: true };
    },
  });
  const incoming = { protocol: 'imap' as const, host: 'mail.example.test', port: imap.port, security: 'tls' as const };
  const discovery: DiscoveryResult = {
    email: ALICE,
    domain: 'example.test',
    incoming: [{ settings: incoming, sources: ['provider'], origin: 'Test Identity mail' }],
    outgoing: [],
    provider: { id: 'test-mail', name: 'Test Mail', notes: ['oauth_only'] },
    conflicts: [],
    durationMs: 1,
  };
  return {
    dns,
    imap,
    tokensSeen,
    imapOff,
    discovery,
    config: { configured: [{ provider: testProviderEntry(provider), clientId: TEST_CLIENT_ID }], unconfigured: [] },
    diagnoseOptions: { dnsServers: [dns.server], allowNets: ['127.0.0.0/8'], allowPorts: [imap.port], ca: pki.trusted, timeoutMs: 3000 },
    async close() {
      await imap.close();
      await dns.close();
    },
  };
}

/** A conversation output that shows the sign-in code privately and plays the user when it appears. */
export class SignInRecordingOutput extends RecordingOutput {
  readonly codes: RenderedSignInCode[] = [];
  constructor(private readonly onCode: (code: RenderedSignInCode) => void) {
    super();
  }
  async showSignInCode(code: RenderedSignInCode): Promise<void> {
    this.codes.push(code);
    this.onCode(code);
  }
}


/** The conversation store, with every state it was given kept as JSON: the secret tests read them all. */
export class RecordingStore extends MemoryConversationStore<ConversationState> {
  readonly written: string[] = [];
  override async put(key: ConversationKey, value: ConversationState, options: PutOptions): Promise<Versioned<ConversationState>> {
    this.written.push(JSON.stringify(value));
    return super.put(key, value, options);
  }
}
