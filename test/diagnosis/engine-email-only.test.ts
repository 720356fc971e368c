import assert from 'node:assert/strict';
import { runMain } from '../cli/run-cli';
import { startDnsServer } from '../support/dns-server';
import { causes, findingFor } from './harness';
import { mailZone, useEngineSuite } from './servers';

/**
 * An email address alone, when discovery has no server to test: the engine diagnoses the
 * domain itself, against the in-process DNS server (real UDP/TCP on loopback).
 */
describe('engine: an email address alone (the domain is the finding)', function () {
  const { h, servers } = useEngineSuite();

  beforeEach(function () {
    // Providers of the table that exist in this DNS: a typo of theirs gets a verified suggestion.
    h.records['gmail.com'] = { MX: [{ exchange: 'gmail-smtp-in.l.google.com', priority: 5 }] };
    h.records['outlook.com'] = { MX: [{ exchange: 'outlook-com.olc.protection.outlook.com', priority: 5 }] };
    h.records['plain.test'] = { MX: [{ exchange: 'mx.plain.test', priority: 10 }] };
  });

  it('a domain that does not exist: dns.nxdomain with "did you mean" from the provider table (gmial.com → gmail.com)', async function () {
    const report = await h.run({ email: 'alice@gmial.com' });
    const f = findingFor(report, 'dns.nxdomain');
    assert.deepEqual(causes(report), ['dns.nxdomain']);
    assert.equal(report.verdict, 'problem');
    assert.deepEqual([f.target, f.facts.suggestion, f.facts.suggestedEmail], ['account', 'gmail.com', 'alice@gmail.com']);
    assert.match(f.evidence, /the domain of your email address, gmial\.com, does not exist \(NXDOMAIN from 127\.0\.0\.1:\d+\); gmail\.com does/);
    assert.equal(f.fix?.summary, 'Check your email address: did you mean alice@gmail.com?');
    const dns = report.checks.find((c) => c.name === 'dns' && c.target === 'account');
    assert.equal(dns?.status, 'fail');
  });

  it('suggests only a name DNS shows to exist, and nothing for a domain near no provider', async function () {
    // yahoo.com is in the table but not in this DNS: "yahooo.com → yahoo.com" is not verified.
    const unverified = await h.run({ email: 'bob@yahooo.com' });
    const near = findingFor(unverified, 'dns.nxdomain');
    assert.equal(near.facts.suggestion, '');
    assert.equal(near.fix?.summary, 'Check your email address: the part after the @ must be the domain of your provider or organisation.');
    const far = findingFor(await h.run({ email: 'carol@qzxwv-nothing.test' }), 'dns.nxdomain');
    assert.equal(far.facts.suggestion, '');
  });

  it('in German, with no English word', async function () {
    const report = await h.run({ email: 'alice@outlok.com' }, {}, 'de');
    const f = findingFor(report, 'dns.nxdomain');
    assert.equal(f.facts.suggestion, 'outlook.com');
    assert.match(f.evidence, /^die Domain Ihrer E-Mail-Adresse, outlok\.com, existiert nicht/);
    assert.equal(f.fix?.summary, 'Prüfen Sie Ihre E-Mail-Adresse: Meinten Sie alice@outlook.com?');
  });

  it('SERVFAIL for the domain is dns.servfail, aimed at the domain’s DNS host', async function () {
    const broken = await startDnsServer({ records: mailZone(), behaviour: { 'broken.test': 'servfail' } });
    servers.add(() => broken.close());
    const report = await h.run({ email: 'dave@broken.test' }, { dnsServers: [broken.server] });
    const f = findingFor(report, 'dns.servfail');
    assert.deepEqual(causes(report), ['dns.servfail']);
    assert.match(f.evidence, /DNS look-up of broken\.test failed with SERVFAIL/);
    assert.match(f.fix?.summary ?? '', /whoever hosts the domain's DNS/);
  });

  it('a silent resolver and a refusing one are dns.resolver_unreachable, aimed at the bot’s admin', async function () {
    const silent = await startDnsServer({ records: mailZone(), behaviour: { '*': 'drop' } });
    const refusing = await startDnsServer({ records: mailZone(), behaviour: { '*': 'refused' } });
    servers.add(() => silent.close());
    servers.add(() => refusing.close());
    const timedOut = findingFor(await h.run({ email: 'erin@plain.test' }, { dnsServers: [silent.server], timeoutMs: 600 }), 'dns.resolver_unreachable');
    assert.match(timedOut.evidence, new RegExp(`DNS server ${silent.server.replace(/\./g, '\\.')} did not answer for plain\\.test \\(timed out`));
    const refused = findingFor(await h.run({ email: 'erin@plain.test' }, { dnsServers: [refusing.server] }), 'dns.resolver_unreachable');
    assert.match(refused.evidence, /refused to answer for plain\.test/);
    assert.match(refused.fix?.summary ?? '', /ask whoever runs the bot to fix its DNS server/);
  });

  it('a domain that exists but gives no server to test: settings.not_found, never "all good"', async function () {
    const report = await h.run({ email: 'frank@plain.test' });
    const f = findingFor(report, 'settings.not_found');
    assert.equal(report.verdict, 'problem');
    assert.match(f.evidence, /plain\.test exists \(MX: mx\.plain\.test\)/);
  });

  describe('mailhelp diagnose EMAIL / discover EMAIL (the CLI)', function () {
    const env = (): NodeJS.ProcessEnv => ({ MAILHELP_TIMEOUT_MS: '1500', MAILHELP_ALLOW_NETS: '127.0.0.0/8' });

    it('diagnose alice@gmial.com exits 1 with the report (not 2 with "give --incoming")', async function () {
      const run = await runMain(['diagnose', 'alice@gmial.com', '--dns-server', h.dns.server], { env: env() });
      assert.equal(run.stderr, '');
      assert.equal(run.code, 1);
      assert.match(run.stdout, /the domain of your email address, gmial\.com, does not exist/);
      assert.match(run.stdout, /did you mean alice@gmail\.com\?/);
      // The title and explanation speak of the address's domain, not of a server name.
      assert.match(run.stdout, /✗ Problem found: The domain of the email address does not exist/);
      assert.match(run.stdout, /usually a typo in the part of the email address after the @/);
      assert.doesNotMatch(run.stdout, /server name/);
    });

    it('discover says the same words as the diagnosis, in the user’s language', async function () {
      const en = await runMain(['discover', 'alice@gmial.com', '--dns-server', h.dns.server], { env: env() });
      assert.equal(en.code, 1);
      assert.match(en.stdout, /✗ the domain of your email address, gmial\.com, does not exist \(NXDOMAIN from [\d.:]+\); gmail\.com does\n {2}Check your email address: did you mean alice@gmail\.com\?/);
      assert.doesNotMatch(en.stdout, /Could not find the settings/);
      const ja = await runMain(['discover', 'alice@gmial.com', '--dns-server', h.dns.server, '--lang', 'ja'], { env: env() });
      assert.match(ja.stdout, /メールアドレスのドメイン gmial\.com は存在しません/);
      assert.match(ja.stdout, /alice@gmail\.com の入力ミスではありませんか/);
    });

    it('discover with a SERVFAIL domain names the cause of the diagnosis, not "nothing published"', async function () {
      const broken = await startDnsServer({ records: mailZone(), behaviour: { 'broken.test': 'servfail' } });
      servers.add(() => broken.close());
      const run = await runMain(['discover', 'dave@broken.test', '--dns-server', broken.server, '--lang', 'fr'], { env: env() });
      assert.equal(run.code, 1);
      assert.match(run.stdout, /✗ la recherche DNS de broken\.test a échoué avec SERVFAIL/);
      assert.doesNotMatch(run.stdout, /Impossible de trouver les paramètres/);
    });
  });
});
