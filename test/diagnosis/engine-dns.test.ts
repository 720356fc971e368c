import assert from 'node:assert/strict';
import type { ServerSettings } from '../../src/settings/server-settings';
import { startDnsServer } from '../support/dns-server';
import { causes, findingFor } from './harness';
import { mailZone, useEngineSuite } from './servers';

describe('engine: DNS causes (in-process DNS server on loopback)', function () {
  const { h, servers } = useEngineSuite();

  const imap = (host: string, port = 993): ServerSettings => ({ protocol: 'imap', host, port, security: 'tls' });

  it('dns.nxdomain, suggesting the closest existing name under the email domain', async function () {
    const report = await h.run({ email: 'alice@mail.test', incoming: imap('imap.mial.test') });
    const f = findingFor(report, 'dns.nxdomain');
    assert.deepEqual(causes(report), ['dns.nxdomain']);
    assert.equal(f.facts.suggestion, 'imap.mail.test');
    assert.match(f.evidence, /imap\.mial\.test does not exist/);
    assert.match(f.evidence, /imap\.mail\.test does/);
    assert.equal(report.verdict, 'problem');
    assert.equal(f.fix?.settings, undefined, 'nothing answers there: the suggestion is not a verified fix');
  });

  it('dns.nxdomain with a verified fix when the suggested name answers', async function () {
    const port = await servers.imap({ tls: h.pki.issue({ commonName: 'imap.mail.test' }) });
    const report = await h.run({ email: 'alice@mail.test', incoming: imap('imap.mial.test', port) }, { allowPorts: [port] });
    const f = findingFor(report, 'dns.nxdomain');
    assert.deepEqual(f.fix?.settings, { host: 'imap.mail.test', port, security: 'tls' });
    assert.match(f.fix?.summary ?? '', new RegExp(`Change the server name to imap\\.mail\\.test, the port to ${port}`));
  });

  it('dns.no_address for a name with records but no A/AAAA', async function () {
    h.records['noaddr.mail.test'] = { TXT: ['v=spf1 -all'] };
    const report = await h.run({ incoming: imap('noaddr.mail.test') });
    const f = findingFor(report, 'dns.no_address');
    assert.deepEqual(causes(report), ['dns.no_address']);
    assert.match(f.evidence, /noaddr\.mail\.test exists but has no A or AAAA record/);
  });

  it('dns.servfail when the resolver fails for the zone', async function () {
    const broken = await startDnsServer({ records: mailZone(), behaviour: { '*': 'servfail' } });
    servers.add(() => broken.close());
    const report = await h.run({ incoming: imap('imap.mail.test') }, { dnsServers: [broken.server] });
    const f = findingFor(report, 'dns.servfail');
    assert.deepEqual(causes(report), ['dns.servfail']);
    assert.match(f.evidence, /SERVFAIL/);
    assert.ok(f.evidence.includes(broken.server), f.evidence);
  });

  it('dns.resolver_unreachable when the resolver drops every query (timeout)', async function () {
    const dropping = await startDnsServer({ records: mailZone(), behaviour: { '*': 'drop' } });
    servers.add(() => dropping.close());
    const report = await h.run({ incoming: imap('imap.mail.test') }, { dnsServers: [dropping.server], timeoutMs: 600 });
    const f = findingFor(report, 'dns.resolver_unreachable');
    assert.deepEqual(causes(report), ['dns.resolver_unreachable']);
    assert.equal(f.facts.server, dropping.server);
    assert.match(f.evidence, /did not answer .*timed out/);
    assert.ok(report.durationMs < 2500, `took ${report.durationMs} ms`);
  });

  it('dns.resolver_unreachable when nothing listens on the resolver port', async function () {
    const gone = await startDnsServer({ records: {} });
    await gone.close();
    const report = await h.run({ incoming: imap('imap.mail.test') }, { dnsServers: [gone.server] });
    const f = findingFor(report, 'dns.resolver_unreachable');
    assert.deepEqual(causes(report), ['dns.resolver_unreachable']);
    assert.ok(f.evidence.includes(gone.server), f.evidence);
  });

  it('dns.propagation_mismatch when two resolvers disagree about the address', async function () {
    const port = await servers.raw(() => {});
    const stale = await startDnsServer({ records: { ...mailZone(), 'imap.mail.test': { A: ['127.0.0.9'] } } });
    servers.add(() => stale.close());
    const report = await h.run({ incoming: imap('imap.mail.test', port) }, { dnsServers: [h.dns.server, stale.server], allowPorts: [port] });
    const f = findingFor(report, 'dns.propagation_mismatch');
    assert.equal(f.severity, 'warning');
    assert.ok(f.evidence.includes('127.0.0.1') && f.evidence.includes('127.0.0.9'), f.evidence);
  });

  it('root cause first: a stale resolver whose old address fails, while the zone\'s address works, is dns.propagation_mismatch (error) before the refused connection', async function () {
    const port = await servers.imap({ tls: h.pki.issue({ commonName: 'imap.mail.test' }) });
    // The bot's resolver still has the old address (nothing listens on 127.0.0.9); the zone's own
    // name server (the harness DNS, asked as authoritative) has the new one.
    const stale = await startDnsServer({ records: { ...mailZone(), 'imap.mail.test': { A: ['127.0.0.9'] } } });
    servers.add(() => stale.close());
    const report = await h.run({ incoming: imap('imap.mail.test', port) }, { dnsServers: [stale.server], allowPorts: [port] });
    assert.equal(causes(report)[0], 'dns.propagation_mismatch');
    const f = findingFor(report, 'dns.propagation_mismatch');
    assert.equal(f.severity, 'error');
    assert.equal(f.evidence, `the DNS server ${stale.server} still gives imap.mail.test the old address 127.0.0.9, where nothing answers; the domain's own name servers give 127.0.0.1, and the bot connected to it`);
    assert.equal(f.fix?.summary, 'The server moved to 127.0.0.1: wait until the old DNS answer expires (up to 60 seconds), or clear the DNS cache.');
    assert.ok(f.fix?.steps.some((step) => step.includes('ipconfig /flushdns')));
    const authoritative = report.checks.find((c) => c.name === 'dns_authoritative_address');
    assert.equal(authoritative?.status, 'pass');
    assert.ok(causes(report).indexOf('tcp.refused') > 0, causes(report).join(', '));
  });

  it('the DNS agreement check fails (never passes) when the resolver refuses or is silent, and the fix is for the bot\'s admin', async function () {
    for (const behaviour of ['refused', 'drop'] as const) {
      const broken = await startDnsServer({ records: mailZone(), behaviour: { '*': behaviour } });
      servers.add(() => broken.close());
      const report = await h.run({ incoming: imap('imap.mail.test') }, { dnsServers: [broken.server], timeoutMs: 600 });
      assert.equal(report.checks.find((c) => c.name === 'dns_propagation')?.status, 'fail', behaviour);
      const f = findingFor(report, 'dns.resolver_unreachable');
      assert.match(f.evidence, behaviour === 'refused' ? /refused to answer/ : /did not answer .*timed out/);
      assert.match(f.fix?.summary ?? '', /from the bot's network: ask whoever runs the bot to fix its DNS server/);
    }
  });

  it('no propagation finding when the resolvers and the zone agree', async function () {
    const port = await servers.raw(() => {});
    const report = await h.run({ incoming: imap('imap.mail.test', port) }, { allowPorts: [port], timeoutMs: 400 });
    assert.ok(!report.findings.some((f) => f.cause === 'dns.propagation_mismatch'), JSON.stringify(report.findings));
  });
});
