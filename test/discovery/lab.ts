import type { DiscoveryOptions } from '../../src/discovery/discovery-options';
import { startAutoconfigServer, type AutoconfigRoute, type AutoconfigServer } from '../support/autoconfig-server';
import { createTestPki, type TestPki } from '../support/certs';
import { startDnsServer, type NameRecords, type TestDnsServer } from '../support/dns-server';
import { startFakeImapServer, type FakeImapServer } from '../support/fake-imap-server';
import { banner, scripted, startRawServer, type RawServer } from '../support/hostile-servers';
import { autoconfigXml, MALFORMED_XML } from './fixtures';
import { closedPort as refusingPort } from '../support/closed-port';

/**
 * A small internet on loopback for discovery: one DNS server with a domain of each kind, one web
 * server playing every domain's autoconfig host (well and badly), and mail servers for guessing.
 */
export interface DiscoveryLab {
  dns: TestDnsServer;
  web: AutoconfigServer;
  pki: TestPki;
  /** Options reaching this lab: its resolver, loopback allowed, its ports allowed. */
  options(extra?: DiscoveryOptions): DiscoveryOptions;
  close(): Promise<void>;
}

const AUTOCONFIG_PATH = '/mail/config-v1.1.xml';
const WELL_KNOWN_PATH = '/.well-known/autoconfig/mail/config-v1.1.xml';
const LOOPBACK: NameRecords = { A: ['127.0.0.1'] };

/** Every autoconfig host name of the lab, for the web server's certificate. */
const WEB_NAMES = ['ac', 'redirect', 'malformed', 'huge', 'declared', 'loop', 'slow', 'dribble', 'conflict', 'private', 'metadata'].map((d) => `autoconfig.${d}.test`);

export const ZONE: Record<string, NameRecords> = {
  // Provider-hosted: a company domain whose MX is Google's.
  'google-hosted.test': { MX: [{ exchange: 'alt1.aspmx.l.google.com', priority: 5 }, { exchange: 'aspmx.l.google.com', priority: 1 }] },
  // SRV-published (RFC 6186), with priorities, weights and a "not offered" record.
  '_imaps._tcp.srv.test': {
    SRV: [
      { target: 'backup.srv.test', port: 993, priority: 20, weight: 0 },
      { target: 'mail.srv.test', port: 993, priority: 10, weight: 10 },
      { target: 'mail2.srv.test', port: 993, priority: 10, weight: 60 },
    ],
  },
  '_imap._tcp.srv.test': { SRV: [{ target: '.', port: 0 }] },
  '_submissions._tcp.srv.test': { SRV: [{ target: 'mail.srv.test', port: 465 }] },
  '_submission._tcp.srv.test': { SRV: [{ target: 'mail.srv.test', port: 587 }] },
  'srv.test': { MX: [{ exchange: 'mx.srv.test', priority: 10 }] },
  // Autoconfig-published, and the same behind a redirect; the HTTP-only .well-known case.
  'autoconfig.ac.test': LOOPBACK,
  'autoconfig.redirect.test': LOOPBACK,
  'wellknown.test': LOOPBACK,
  // Autoconfig that goes wrong in every way the issue lists.
  ...Object.fromEntries(['malformed', 'huge', 'declared', 'loop', 'slow', 'dribble', 'conflict'].map((d) => [`autoconfig.${d}.test`, LOOPBACK])),
  'autoconfig.private.test': { A: ['10.20.30.40'] },
  'autoconfig.metadata.test': { A: ['169.254.169.254'] },
  // SRV and autoconfig disagree.
  '_imaps._tcp.conflict.test': { SRV: [{ target: 'mail.conflict.test', port: 993 }] },
  // Guess-only: nothing published, but imap. and smtp. answer.
  'imap.guess.test': LOOPBACK,
  'smtp.guess.test': LOOPBACK,
  // nothing.test has no records at all.
};

export function routes(): Record<string, AutoconfigRoute> {
  return {
    [`autoconfig.ac.test${AUTOCONFIG_PATH}`]: { body: autoconfigXml('ac.test') },
    [`autoconfig.redirect.test${AUTOCONFIG_PATH}`]: { redirect: '/moved/config.xml', status: 301 },
    'autoconfig.redirect.test/moved/config.xml': { body: autoconfigXml('redirect.test') },
    [`wellknown.test${WELL_KNOWN_PATH}`]: { body: autoconfigXml('wellknown.test') },
    [`autoconfig.malformed.test${AUTOCONFIG_PATH}`]: { body: MALFORMED_XML },
    [`autoconfig.huge.test${AUTOCONFIG_PATH}`]: { hugeBytes: 10 * 1024 * 1024 },
    [`autoconfig.declared.test${AUTOCONFIG_PATH}`]: { hugeBytes: 10 * 1024 * 1024, declare: true },
    [`autoconfig.loop.test${AUTOCONFIG_PATH}`]: { redirect: '/a' },
    'autoconfig.loop.test/a': { redirect: `http://autoconfig.loop.test${AUTOCONFIG_PATH}` },
    [`autoconfig.slow.test${AUTOCONFIG_PATH}`]: { body: autoconfigXml('slow.test'), delayMs: 30_000 },
    [`autoconfig.dribble.test${AUTOCONFIG_PATH}`]: { dribbleMs: 50 },
    [`autoconfig.conflict.test${AUTOCONFIG_PATH}`]: { body: autoconfigXml('conflict.test') },
    [`autoconfig.private.test${AUTOCONFIG_PATH}`]: { body: autoconfigXml('private.test') },
    [`autoconfig.metadata.test${AUTOCONFIG_PATH}`]: { body: autoconfigXml('metadata.test') },
  };
}

/** Mail servers for guess.test, each standing in for one standard port. */
interface GuessServers {
  imaps: FakeImapServer;
  imap: FakeImapServer;
  submission: RawServer;
  /** Stands on "465" but greets in plaintext IMAP: a wrong answer, so it must not be kept. */
  notSmtps: RawServer;
  closedPort: number;
  ports: Partial<Record<number, number>>;
}

async function startGuessServers(pki: TestPki): Promise<GuessServers> {
  const cert = pki.issue({ commonName: 'imap.guess.test', altNames: ['imap.guess.test'] });
  const imaps = await startFakeImapServer({ tls: cert });
  const imap = await startFakeImapServer({ starttls: cert });
  const submission = await startRawServer(
    scripted(['220 smtp.guess.test ESMTP ready'], (line) => (/^EHLO /i.test(line) ? ['250-smtp.guess.test', '250-STARTTLS', '250 AUTH PLAIN LOGIN'] : null)),
  );
  const notSmtps = await startRawServer(banner('* OK IMAP4rev1 ready'));
  const closedPort = await refusingPort();
  const ports = { 993: imaps.port, 143: imap.port, 587: submission.port, 465: notSmtps.port, 995: closedPort, 110: closedPort };
  return { imaps, imap, submission, notSmtps, closedPort, ports };
}

export async function startDiscoveryLab(): Promise<DiscoveryLab> {
  const pki = createTestPki();
  // imap.ac.test never resolves, so guessing for ac.test is still busy when autoconfig answers.
  const dns = await startDnsServer({ records: ZONE, behaviour: { 'imap.ac.test': 'drop' } });
  const web = await startAutoconfigServer({ routes: routes(), tls: pki.issue({ commonName: WEB_NAMES[0]!, altNames: WEB_NAMES }) });
  const guess = await startGuessServers(pki);
  const ports = [web.httpPort, web.httpsPort, ...Object.values(guess.ports).filter((p): p is number => p !== undefined)];
  return {
    dns,
    web,
    pki,
    options: (extra = {}) => ({
      dnsServers: [dns.server],
      allowNets: ['127.0.0.0/8'],
      allowPorts: ports,
      ca: pki.trusted,
      autoconfigPorts: { http: web.httpPort, https: web.httpsPort },
      guessPorts: guess.ports,
      timeoutMs: 1500,
      ...extra,
    }),
    close: async () => {
      await Promise.all([dns.close(), web.close(), guess.imaps.close(), guess.imap.close(), guess.submission.close(), guess.notSmtps.close()]);
    },
  };
}
