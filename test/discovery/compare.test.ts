import assert from 'node:assert/strict';
import { compareWithDiscovery, discoveredHosts } from '../../src/discovery/compare';
import type { Candidate, DiscoveryResult } from '../../src/discovery/discovery-result';
import { localizeFinding } from '../../src/diagnosis/localize';
import { translator } from '../../src/i18n/translator';
import type { ServerSettings } from '../../src/settings/server-settings';

function candidate(settings: ServerSettings): Candidate {
  return { settings, sources: ['autoconfig', 'srv'], origin: 'https://autoconfig.acme.test/mail/config-v1.1.xml' };
}

const RESULT: DiscoveryResult = {
  email: 'alice@acme.test',
  domain: 'acme.test',
  incoming: [
    candidate({ protocol: 'imap', host: 'imap.acme.test', port: 993, security: 'tls' }),
    candidate({ protocol: 'imap', host: 'imap.acme.test', port: 143, security: 'starttls' }),
    candidate({ protocol: 'pop3', host: 'pop.acme.test', port: 995, security: 'tls' }),
  ],
  outgoing: [candidate({ protocol: 'smtp', host: 'smtp.acme.test', port: 465, security: 'tls' })],
  conflicts: [],
  durationMs: 1,
};

const imap = (host: string, port: number, security: ServerSettings['security']): ServerSettings => ({ protocol: 'imap', host, port, security });

describe('discovery/compare', function () {
  it('finds nothing when the user uses any published combination', function () {
    assert.deepEqual(compareWithDiscovery({ incoming: imap('IMAP.acme.test', 143, 'starttls') }, RESULT), []);
    assert.deepEqual(compareWithDiscovery({ outgoing: { protocol: 'smtp', host: 'smtp.acme.test', port: 465, security: 'tls' } }, RESULT), []);
  });

  it('names a port that differs from the published one (settings.wrong_port)', function () {
    const [f, ...rest] = compareWithDiscovery({ incoming: imap('imap.acme.test', 1143, 'none') }, RESULT);
    assert.equal(rest.length, 0);
    assert.equal(f?.cause, 'settings.wrong_port');
    assert.equal(f?.severity, 'warning');
    assert.equal(f?.variant, 'published');
    assert.deepEqual(
      { port: f?.facts.port, security: f?.facts.security, fixPort: f?.facts.fixPort, fixSecurity: f?.facts.fixSecurity, sources: f?.facts.sources },
      { port: 1143, security: 'none', fixPort: 993, fixSecurity: 'tls', sources: 'autoconfig, srv' },
    );
  });

  it('compares an unknown host with the domain’s best published setting', function () {
    const [f] = compareWithDiscovery({ outgoing: { protocol: 'smtp', host: 'mail.acme.test', port: 25, security: 'none' } }, RESULT);
    assert.equal(f?.cause, 'settings.wrong_port');
    assert.equal(f?.facts.fixHost, 'smtp.acme.test');
    assert.equal(f?.facts.fixPort, 465);
  });

  it('names a security mode that cannot work on the published port', function () {
    const causes = (s: ServerSettings) => compareWithDiscovery({ incoming: s }, RESULT).map((f) => `${f.cause}/${f.severity}`);
    assert.deepEqual(causes(imap('imap.acme.test', 143, 'tls')), ['tls.implicit_on_plain_port/error']);
    assert.deepEqual(causes(imap('imap.acme.test', 993, 'starttls')), ['tls.starttls_on_implicit_port/error']);
    assert.deepEqual(causes(imap('imap.acme.test', 993, 'none')), ['security.plaintext_exposed/warning']);
    assert.deepEqual(causes(imap('imap.acme.test', 143, 'none')), ['security.plaintext_exposed/warning']);
  });

  it('says nothing about a protocol the domain does not publish', function () {
    const result = { ...RESULT, incoming: RESULT.incoming.filter((c) => c.settings.protocol === 'imap') };
    assert.deepEqual(compareWithDiscovery({ incoming: { protocol: 'pop3', host: 'pop.acme.test', port: 110, security: 'none' } }, result), []);
  });

  it('produces findings the engine can put into words', function () {
    const t = translator('en');
    // The 'published' wordings live in locales/en/causes.json, which the lead owns (see the report).
    const sample = [imap('imap.acme.test', 1143, 'none'), imap('imap.acme.test', 143, 'tls'), imap('imap.acme.test', 993, 'starttls'), imap('imap.acme.test', 993, 'none')];
    for (const f of sample.flatMap((s) => compareWithDiscovery({ incoming: s }, RESULT))) {
      const words = localizeFinding(f, t);
      assert.ok(words.evidence.length > 0 && !words.evidence.includes('{{'), words.evidence);
    }
  });

  it('lists the discovered host names for NXDOMAIN suggestions, best first', function () {
    assert.deepEqual(discoveredHosts(RESULT), ['imap.acme.test', 'pop.acme.test', 'smtp.acme.test']);
  });
});
