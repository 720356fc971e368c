import type { DiagnoseOptions } from '../../../src/diagnosis/diagnose-request';
import type { DiscoveryResult } from '../../../src/discovery/discovery-result';
import { startHarness, type EngineHarness } from '../../diagnosis/harness';
import { mailZone, PASSWORD, USER } from '../../diagnosis/servers';
import { type FakeImapServer, startFakeImapServer } from '../../support/fake-imap-server';

export { PASSWORD, USER };

/**
 * A mail server for the bot to diagnose, on loopback: the `mail.test` zone on an in-process DNS
 * server, and IMAPS on imap.mail.test with a certificate from the test CA. It accepts only
 * USER / PASSWORD, so a wrong password is `auth.invalid_credentials`.
 */
export interface MailLab {
  imap: FakeImapServer;
  /** What discovery finds for alice@mail.test: this IMAPS server. */
  discovery: DiscoveryResult;
  /** The engine's switches for this lab (resolver, CA, loopback allowed). */
  diagnoseOptions: Omit<DiagnoseOptions, 'onProgress' | 'signal'>;
  close(): Promise<void>;
}

export async function startMailLab(): Promise<MailLab> {
  const engine: EngineHarness = await startHarness(mailZone());
  const imap = await startFakeImapServer({
    tls: engine.pki.issue({ commonName: 'imap.mail.test' }),
    login: (user, password) => (user === USER && password === PASSWORD ? 'OK Logged in' : 'NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)'),
  });
  const settings = { protocol: 'imap' as const, host: 'imap.mail.test', port: imap.port, security: 'tls' as const };
  return {
    imap,
    discovery: { email: USER, domain: 'mail.test', incoming: [{ settings, sources: ['autoconfig'], origin: 'autoconfig.mail.test' }], outgoing: [], conflicts: [], durationMs: 2 },
    diagnoseOptions: {
      dnsServers: [engine.dns.server],
      authoritativeDnsPort: engine.dns.port,
      allowNets: ['127.0.0.0/8'],
      allowPorts: [imap.port],
      ca: engine.pki.trusted,
      timeoutMs: 1500,
    },
    close: async () => {
      await imap.close();
      await engine.close();
    },
  };
}
