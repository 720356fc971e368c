import assert from 'node:assert/strict';
import { rootCertificates } from 'node:tls';
import { discover } from '../../src/discovery/discover';
import type { Candidate, DiscoveryResult, DiscoverySource, SourceReport } from '../../src/discovery/discovery-result';
import { InvalidInputError } from '../../src/settings/invalid-input';
import { startDiscoveryLab, type DiscoveryLab } from './lab';

const line = (c: Candidate) => `${c.settings.protocol}://${c.settings.host}:${c.settings.port}/${c.settings.security} [${c.sources.join(',')}]`;
const report = (result: DiscoveryResult, source: DiscoverySource): SourceReport => {
  const found = result.reports?.find((r) => r.source === source);
  assert.ok(found, `a report for ${source}`);
  return found;
};

/** One domain of each kind the issue lists, against real DNS and HTTP servers on loopback. */
describe('discovery/discover: a domain of each kind', function () {
  let lab: DiscoveryLab;

  before(async function () {
    lab = await startDiscoveryLab();
  });
  after(async function () {
    await lab.close();
  });

  it('a known provider by its own domain comes from the table, with its trip-ups', async function () {
    const result = await discover('alice@gmail.com', lab.options());
    assert.equal(result.provider?.name, 'Gmail');
    assert.ok(result.provider?.notes.includes('app_password_with_mfa'));
    assert.equal(result.provider?.tripUps?.[0]?.url, 'https://support.google.com/accounts/answer/185833');
    assert.deepEqual(result.incoming.map(line), ['imap://imap.gmail.com:993/tls [provider]', 'pop3://pop.gmail.com:995/tls [provider]']);
    assert.deepEqual(result.outgoing.map(line), ['smtp://smtp.gmail.com:465/tls [provider]', 'smtp://smtp.gmail.com:587/starttls [provider]']);
    assert.equal(result.incoming[0]?.username, 'alice@gmail.com');
    assert.equal(report(result, 'guess').status, 'skipped', 'no guessing once the table knows the domain');
  });

  it('provider-hosted via MX: a company domain on Google Workspace gets Google’s settings', async function () {
    const result = await discover('bob@google-hosted.test', lab.options());
    assert.equal(result.provider?.name, 'Google Workspace');
    assert.equal(result.incoming[0]?.settings.host, 'imap.gmail.com');
    assert.deepEqual(result.incoming[0]?.sources, ['mx']);
    assert.equal(result.incoming[0]?.origin, 'MX aspmx.l.google.com → Google Workspace', 'the preferred MX is named');
    assert.equal(result.notFound, false);
    assert.equal(report(result, 'mx').status, 'found');
    assert.equal(report(result, 'autoconfig').status, 'nothing');
  });

  it('SRV-published (RFC 6186): priority and weight order, "." means not offered', async function () {
    const result = await discover('carol@srv.test', lab.options());
    assert.deepEqual(result.incoming.map(line), [
      'imap://mail2.srv.test:993/tls [srv]',
      'imap://mail.srv.test:993/tls [srv]',
      'imap://backup.srv.test:993/tls [srv]',
    ]);
    assert.deepEqual(result.outgoing.map(line), ['smtp://mail.srv.test:465/tls [srv]', 'smtp://mail.srv.test:587/starttls [srv]']);
    const srv = report(result, 'srv');
    assert.equal(srv.status, 'found');
    assert.deepEqual(srv.attempts.find((a) => a.target === '_imap._tcp.srv.test'), {
      target: '_imap._tcp.srv.test', ok: false, problem: 'not_offered', detail: 'target "."',
    });
    assert.equal(srv.attempts.find((a) => a.target === '_pop3s._tcp.srv.test')?.problem, 'nxdomain');
    assert.equal(report(result, 'mx').attempts[0]?.problem, 'unknown_provider');
    assert.equal(result.provider, undefined);
  });

  it('autoconfig-published over HTTPS: placeholders filled, certificate verified', async function () {
    const result = await discover('dave@ac.test', lab.options());
    assert.deepEqual(result.incoming.map(line), ['imap://imap.ac.test:993/tls [autoconfig]', 'pop3://pop.ac.test:110/starttls [autoconfig]']);
    assert.deepEqual(result.outgoing.map(line), ['smtp://smtp.ac.test:587/starttls [autoconfig]']);
    assert.equal(result.incoming[0]?.username, 'dave@ac.test');
    assert.equal(result.incoming[1]?.username, 'dave');
    assert.match(result.incoming[0]?.origin ?? '', /^https:\/\/autoconfig\.ac\.test\/mail\/config-v1\.1\.xml\?emailaddress=dave%40ac\.test$/);
    const https = lab.web.requests.find((r) => r.host === 'autoconfig.ac.test' && r.scheme === 'https');
    assert.ok(https, 'fetched over HTTPS with the name in the Host header');
  });

  it('autoconfig only over HTTP at .well-known is used too', async function () {
    const result = await discover('erin@wellknown.test', lab.options());
    assert.deepEqual(result.incoming.map((c) => c.origin)[0], 'http://wellknown.test/.well-known/autoconfig/mail/config-v1.1.xml');
    assert.equal(result.outgoing[0]?.settings.host, 'smtp.wellknown.test');
  });

  it('an untrusted HTTPS certificate is refused; the HTTP copy is used instead', async function () {
    // Node's own roots only: the lab's CA is unknown, as it would be on the internet.
    const result = await discover('dave@ac.test', lab.options({ ca: [...rootCertificates] }));
    const attempts = report(result, 'autoconfig').attempts;
    assert.equal(attempts.find((a) => a.target.startsWith('https://autoconfig.ac.test'))?.problem, 'tls_failed');
    assert.equal(result.incoming[0]?.origin, 'http://autoconfig.ac.test/mail/config-v1.1.xml');
  });

  it('guess-only: probes imap./mail./smtp. names and keeps only what answers in the right protocol', async function () {
    const result = await discover('frank@guess.test', lab.options());
    assert.deepEqual(result.incoming.map(line), ['imap://imap.guess.test:993/tls [guess]', 'imap://imap.guess.test:143/starttls [guess]']);
    assert.deepEqual(result.outgoing.map(line), ['smtp://smtp.guess.test:587/starttls [guess]']);
    const attempts = report(result, 'guess').attempts;
    assert.equal(attempts.find((a) => a.target === 'smtp.guess.test:465')?.ok, false, 'a plaintext IMAP banner on 465 is not kept');
    assert.equal(attempts.find((a) => a.target === 'mail.guess.test')?.problem, 'nxdomain');
    assert.equal(report(result, 'guess').status, 'found');
  });

  it('nothing at all: a clear "not found" result, not an error', async function () {
    const started = Date.now();
    const result = await discover('gina@nothing.test', lab.options());
    assert.equal(result.notFound, true);
    assert.deepEqual([result.incoming, result.outgoing, result.conflicts], [[], [], []]);
    assert.deepEqual(result.reports?.map((r) => `${r.source}:${r.status}`), ['provider:nothing', 'mx:nothing', 'srv:nothing', 'autoconfig:nothing', 'guess:nothing']);
    assert.ok(Date.now() - started < 1000, 'NXDOMAIN everywhere ends at once');
  });

  it('shows sources that disagree instead of hiding one', async function () {
    const result = await discover('hank@conflict.test', lab.options());
    assert.deepEqual(result.conflicts, ['imap: autoconfig imap://imap.conflict.test:993 (tls) vs srv imap://mail.conflict.test:993 (tls)']);
    assert.deepEqual(result.incoming.slice(0, 2).map(line), ['imap://imap.conflict.test:993/tls [autoconfig]', 'imap://mail.conflict.test:993/tls [srv]']);
  });

  it('normalises the address (case, IDN) and refuses what is not one', async function () {
    const result = await discover('Alice@GMAIL.com', lab.options({ sources: ['provider'] }));
    assert.equal(result.domain, 'gmail.com');
    const idn = await discover('jürgen@bücher.test', lab.options({ sources: ['provider'] }));
    assert.equal(idn.domain, 'xn--bcher-kva.test');
    await assert.rejects(() => discover('not-an-address', lab.options()), InvalidInputError);
  });

  it('stops every source at once when cancelled', async function () {
    const controller = new AbortController();
    const started = Date.now();
    const pending = discover('ivan@slow.test', lab.options({ timeoutMs: 10_000, signal: controller.signal }));
    setTimeout(() => controller.abort(), 100);
    const result = await pending;
    assert.ok(Date.now() - started < 1000);
    assert.ok(result.reports?.every((r) => r.status === 'skipped' || r.status === 'nothing' || r.status === 'found'));
    assert.equal(report(result, 'autoconfig').status, 'skipped');
  });
});
