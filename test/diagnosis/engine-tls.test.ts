import assert from 'node:assert/strict';
import type { ServerSettings, Security } from '../../src/settings/server-settings';
import { DAY, type LeafOptions } from '../support/certs';
import { banner } from '../support/hostile-servers';
import { causes, findingFor } from './harness';
import { imapBanner, useEngineSuite } from './servers';

/** A TLS alert record: fatal (2), handshake_failure (40), as a server with no cipher in common sends it. */
const HANDSHAKE_FAILURE_ALERT = Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]);

describe('engine: TLS causes (certificates made at test time)', function () {
  const { h, servers } = useEngineSuite();

  const HOST = 'imap.mail.test';
  const imap = (port: number, security: Security): ServerSettings => ({ protocol: 'imap', host: HOST, port, security });
  const leaf = (options: Partial<LeafOptions> = {}) => h.pki.issue({ commonName: HOST, ...options });

  /** An IMAPS server with this certificate; returns the finding list of a diagnosis of it. */
  async function imapsWith(options: Partial<LeafOptions>) {
    const port = await servers.imap({ tls: leaf(options) });
    return { port, report: await h.run({ incoming: imap(port, 'tls') }, { allowPorts: [port] }) };
  }

  it('tls.implicit_on_plain_port, fixed by STARTTLS on the same port', async function () {
    const port = await servers.imap({ starttls: leaf() });
    const report = await h.run({ incoming: imap(port, 'tls') }, { allowPorts: [port] });
    const f = findingFor(report, 'tls.implicit_on_plain_port');
    assert.deepEqual(causes(report), ['tls.implicit_on_plain_port']);
    assert.deepEqual(f.fix?.settings, { port, security: 'starttls' });
    assert.match(f.evidence, new RegExp(`port ${port} answered in plaintext \\("\\* OK \\[CAPABILITY`));
  });

  it('tls.starttls_on_implicit_port, fixed by SSL/TLS on the same port', async function () {
    const port = await servers.imap({ tls: leaf() });
    const report = await h.run({ incoming: imap(port, 'starttls') }, { allowPorts: [port] });
    const f = findingFor(report, 'tls.starttls_on_implicit_port');
    assert.deepEqual(causes(report), ['tls.starttls_on_implicit_port']);
    assert.deepEqual(f.fix?.settings, { port, security: 'tls' });
    assert.match(f.evidence, /sent no greeting but accepts an immediate TLS handshake/);
  });

  it('tls.starttls_not_offered, with the published SSL/TLS port as fix', async function () {
    const plain = await servers.imap({});
    const secure = await servers.imap({ tls: leaf() });
    const report = await h.run(
      { incoming: imap(plain, 'starttls') },
      { allowPorts: [plain, secure], alternatives: { incoming: [{ port: secure, security: 'tls' }] } },
    );
    const f = findingFor(report, 'tls.starttls_not_offered');
    assert.deepEqual(causes(report), ['tls.starttls_not_offered']);
    assert.match(f.evidence, new RegExp(`port ${plain} does not offer STARTTLS`));
    assert.deepEqual(f.fix?.settings, { port: secure, security: 'tls' });
  });

  it('tls.cert_expired', async function () {
    const { report } = await imapsWith({ notBefore: new Date(Date.now() - 90 * DAY), notAfter: new Date(Date.now() - 2 * DAY) });
    const f = findingFor(report, 'tls.cert_expired');
    assert.deepEqual(causes(report), ['tls.cert_expired']);
    const expiry = new Date(Date.now() - 2 * DAY).toISOString().slice(0, 10);
    assert.equal(f.evidence, `certificate for CN=${HOST} expired on ${expiry}`);
  });

  it('tls.cert_not_yet_valid', async function () {
    const { report } = await imapsWith({ notBefore: new Date(Date.now() + 3 * DAY), notAfter: new Date(Date.now() + 90 * DAY) });
    const f = findingFor(report, 'tls.cert_not_yet_valid');
    assert.deepEqual(causes(report), ['tls.cert_not_yet_valid']);
    assert.match(f.evidence, new RegExp(`is valid only from ${new Date(Date.now() + 3 * DAY).toISOString().slice(0, 10)}`));
  });

  it('tls.cert_self_signed', async function () {
    const { report } = await imapsWith({ issuer: 'self' });
    const f = findingFor(report, 'tls.cert_self_signed');
    assert.deepEqual(causes(report), ['tls.cert_self_signed']);
    assert.match(f.evidence, /is self-signed \(DEPTH_ZERO_SELF_SIGNED_CERT\)/);
  });

  it('tls.cert_untrusted (issued by an unknown CA)', async function () {
    const { report } = await imapsWith({ issuer: 'unknown' });
    const f = findingFor(report, 'tls.cert_untrusted');
    assert.deepEqual(causes(report), ['tls.cert_untrusted']);
    assert.match(f.evidence, /issued by CN=Unknown Test CA.* is not trusted \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\)/);
  });

  it('tls.cert_hostname_mismatch, listing the names the certificate covers', async function () {
    const { report } = await imapsWith({ commonName: 'mx.other.example', altNames: ['mx.other.example', 'mail.other.example'] });
    const f = findingFor(report, 'tls.cert_hostname_mismatch');
    assert.deepEqual(causes(report), ['tls.cert_hostname_mismatch']);
    assert.equal(f.evidence, `${HOST} is not in the certificate, which covers: mx.other.example, mail.other.example`);
  });

  it('tls.cert_expiring_soon is a warning: verdict warning', async function () {
    const { report } = await imapsWith({ notAfter: new Date(Date.now() + 5 * DAY + 3600_000) });
    const f = findingFor(report, 'tls.cert_expiring_soon');
    assert.equal(f.severity, 'warning');
    assert.match(f.evidence, /\(5 days left\)/);
    assert.equal(report.verdict, 'warning');
    assert.deepEqual(causes(report), ['tls.cert_expiring_soon']);
  });

  it('tls.protocol_version (error) for a server that speaks only TLS 1.0', async function () {
    const port = await servers.tls(leaf(), banner(imapBanner('AUTH=PLAIN')), { minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' });
    const report = await h.run({ incoming: imap(port, 'tls') }, { allowPorts: [port] });
    const f = findingFor(report, 'tls.protocol_version');
    assert.deepEqual(causes(report), ['tls.protocol_version']);
    assert.equal(f.severity, 'error');
    assert.match(f.evidence, /no TLS version in common \(.*(protocol|version).*\)/i);
  });

  it('tls.protocol_version (warning) for a server that speaks only TLS 1.3', async function () {
    const port = await servers.tls(leaf(), banner(imapBanner('AUTH=PLAIN')), { minVersion: 'TLSv1.3' });
    const report = await h.run({ incoming: imap(port, 'tls') }, { allowPorts: [port] });
    const f = findingFor(report, 'tls.protocol_version');
    assert.deepEqual(causes(report), ['tls.protocol_version']);
    assert.equal(f.severity, 'warning');
    assert.match(f.evidence, new RegExp(`port ${port} accepts only TLSv1.3`));
    assert.equal(report.verdict, 'warning');
  });

  it('tls.handshake_failed when the ClientHello gets a handshake_failure alert', async function () {
    const port = await servers.raw((socket) => socket.once('data', () => socket.end(HANDSHAKE_FAILURE_ALERT)));
    const report = await h.run({ incoming: imap(port, 'tls') }, { allowPorts: [port], timeoutMs: 600 });
    const f = findingFor(report, 'tls.handshake_failed');
    assert.deepEqual(causes(report), ['tls.handshake_failed']);
    // People read plain words; the OpenSSL text stays in the facts (--json) for admins.
    assert.equal(f.evidence, `imap.mail.test port ${port}: TLS handshake failed (the secure handshake failed)`);
    assert.match(String(f.facts.message), /handshake failure/i);
  });
});
