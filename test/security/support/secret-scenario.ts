import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { DiagnoseOptions } from '../../../src/diagnosis/diagnose-request';
import type { DiscoveryResult } from '../../../src/discovery/discovery-result';
import { createTestPki } from '../../support/certs';
import { startFakeImapServer } from '../../support/fake-imap-server';

/**
 * What every platform's secret test runs against: real mail servers on loopback that take the
 * password for real (IMAPS accepts it; SMTP with STARTTLS refuses it and echoes it back, plain
 * and base64, as a careless server might), and the discovery that points a conversation at them.
 */
export const SECRET_EMAIL = 'alice@mail.test';
/** Non-ASCII, spaces and base64/URL specials, so every encoded form differs from the plain one. */
export const SECRET_PASSWORD = 'Tr0ub4dor&3 /xyzzy+Ω=42';

export interface SecretMail {
  email: string;
  /** The login name the conversation's form proposes (the address). */
  user: string;
  password: string;
  /** Discovery's answer for the address: both sides, on the servers below. */
  discovery: DiscoveryResult;
  /** Loopback allowed, the servers' ports allowed, the test CA trusted. */
  diagnoseOptions: DiagnoseOptions;
  /** The test CA (PEM), for a child process to trust. */
  caPem: string;
  /** Every password the servers were given: proves the password really travelled. */
  readonly received: string[];
  close(): Promise<void>;
}

export async function startSecretMail(): Promise<SecretMail> {
  const pki = createTestPki();
  const keyAndCert = pki.issue({ commonName: '127.0.0.1' });
  const received: string[] = [];
  const imap = await startFakeImapServer({
    tls: keyAndCert,
    login: (_user, password) => {
      received.push(password);
      return password === SECRET_PASSWORD ? 'OK Logged in' : 'NO [AUTHENTICATIONFAILED] Invalid credentials';
    },
  });
  const smtp = new SMTPServer({
    ...keyAndCert,
    logger: false,
    disableReverseLookup: true,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      received.push(auth.password ?? '');
      const echoed = `${auth.password} (${Buffer.from(`\0${auth.username}\0${auth.password}`).toString('base64')})`;
      callback(Object.assign(new Error(`5.7.8 Authentication failed for ${auth.username} with ${echoed}`), { responseCode: 535 }));
    },
  });
  smtp.on('error', () => undefined);
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const discovery: DiscoveryResult = {
    email: SECRET_EMAIL,
    domain: 'mail.test',
    incoming: [{ settings: { protocol: 'imap', host: '127.0.0.1', port: imap.port, security: 'tls' }, sources: ['autoconfig'], origin: 'autoconfig.mail.test' }],
    outgoing: [{ settings: { protocol: 'smtp', host: '127.0.0.1', port: smtpPort, security: 'starttls' }, sources: ['autoconfig'], origin: 'autoconfig.mail.test' }],
    conflicts: [],
    durationMs: 1,
  };
  return {
    email: SECRET_EMAIL,
    user: SECRET_EMAIL,
    password: SECRET_PASSWORD,
    discovery,
    diagnoseOptions: { allowNets: ['127.0.0.0/8'], allowPorts: [imap.port, smtpPort], ca: pki.trusted, timeoutMs: 3000 },
    caPem: pki.ca.cert,
    received,
    close: async () => {
      await imap.close();
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    },
  };
}
