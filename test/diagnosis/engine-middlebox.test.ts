import assert from 'node:assert/strict';
import { startInspectionProxy, type InspectionOptions } from '../support/esmtp-inspection-proxy';
import { causes, findingFor } from './harness';
import { useEngineSuite } from './servers';

/**
 * A firewall with mail "inspection" between the bot and a real SMTP server (smtp-server with
 * STARTTLS), played by a Node proxy that rewrites the conversation the way Cisco ASA/PIX ESMTP
 * inspection does. The report names the firewall and its fix, never "the server has no STARTTLS".
 */
describe('engine: a firewall that rewrites the SMTP conversation (ESMTP inspection)', function () {
  const { h, servers } = useEngineSuite();

  async function behindInspection(options: InspectionOptions): Promise<number> {
    const upstream = await servers.smtp({ ...h.pki.issue({ commonName: 'smtp.mail.test' }) });
    const proxy = await startInspectionProxy(upstream, options);
    servers.add(() => proxy.close());
    return proxy.port;
  }
  const diagnoseSmtp = (port: number, language = 'en') =>
    h.run({ outgoing: { protocol: 'smtp', host: 'smtp.mail.test', port, security: 'starttls' } }, { allowPorts: [port] }, language);

  it('STARTTLS masked to XXXXXXXA in the EHLO answer: protocol.middlebox_rewrite naming the firewall', async function () {
    const report = await diagnoseSmtp(await behindInspection({ maskStartTls: true }));
    const f = findingFor(report, 'protocol.middlebox_rewrite');
    assert.ok(!causes(report).includes('tls.starttls_not_offered'), causes(report).join(', '));
    assert.deepEqual([f.facts.seen, f.facts.pattern, f.facts.device], ['XXXXXXXA', 'cisco.masked-ehlo-keyword', 'Cisco ASA/PIX ESMTP inspection']);
    assert.match(String(f.facts.source), /Cisco document 118550/);
    assert.match(f.evidence, /the EHLO answer has "XXXXXXXA" where a keyword such as STARTTLS belongs/);
    assert.match(f.fix?.summary ?? '', /turn off ESMTP inspection .*`no inspect esmtp`.*`allow-tls`/);
    assert.equal(report.verdict, 'problem');
  });

  it('STARTTLS offered but the command arrives as X’s ("command not recognized"): the same cause', async function () {
    const report = await diagnoseSmtp(await behindInspection({ rewriteStartTls: true }));
    const f = findingFor(report, 'protocol.middlebox_rewrite');
    assert.equal(f.facts.pattern, 'cisco.starttls-rewritten');
    assert.match(String(f.facts.seen), /^500 .*command not recognized/i);
    assert.match(f.evidence, /offers STARTTLS but answers the command with "500 /);
  });

  it('the ASA defaults (banner masked too): protocol.mangled_banner, with the device and its source', async function () {
    const report = await diagnoseSmtp(await behindInspection({ maskBanner: true, maskStartTls: true }));
    const f = findingFor(report, 'protocol.mangled_banner');
    assert.match(String(f.facts.banner), /^220 \*+/);
    assert.deepEqual([f.facts.pattern, f.facts.device], ['cisco.mask-banner', 'Cisco ASA/PIX ESMTP inspection']);
  });

  it('the same server without the firewall has no such finding (the rewrite is what is read)', async function () {
    const upstream = await servers.smtp({ ...h.pki.issue({ commonName: 'smtp.mail.test' }) });
    const report = await diagnoseSmtp(upstream);
    assert.deepEqual(causes(report), ['ok']);
  });

  it('in Japanese, with no English sentence', async function () {
    const report = await diagnoseSmtp(await behindInspection({ maskStartTls: true }), 'ja');
    const f = findingFor(report, 'protocol.middlebox_rewrite');
    assert.match(f.evidence, /EHLO の応答で、STARTTLS などのキーワードがあるべき所が "XXXXXXXA" になっています/);
    assert.match(f.fix?.summary ?? '', /ESMTP 検査を無効にする/);
  });
});
