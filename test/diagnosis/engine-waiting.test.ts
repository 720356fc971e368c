import assert from 'node:assert/strict';
import type { Waiting } from '../../src/diagnosis/diagnose-request';
import { translator } from '../../src/i18n/translator';
import { documentCheck } from '../../src/report-document/check-lines';
import { causes } from './harness';
import { useEngineSuite } from './servers';

/**
 * Progress while waiting (issue 13 point 4): a step that has had no answer for about a second
 * is reported (what, where, for how long at most), once, however many probes wait beside it;
 * the chat and console show it as a progress line in the user's language.
 */
describe('engine: progress while a step waits', function () {
  const { h, servers } = useEngineSuite();

  it('a greeting that takes 1.5 s: one "greeting" wait with the server, the port and the deadline', async function () {
    const port = await servers.imap({ starttls: h.pki.issue({ commonName: 'imap.mail.test' }), greetingDelayMs: 1500 });
    const waits: Waiting[] = [];
    const report = await h.run(
      { incoming: { protocol: 'imap', host: 'imap.mail.test', port, security: 'starttls' } },
      { allowPorts: [port], timeoutMs: 3000, onWaiting: (w) => waits.push(w) },
    );
    assert.ok(!causes(report).some((c) => c.startsWith('tls.')), JSON.stringify(report.findings));
    assert.deepEqual(
      waits.map((w) => [w.target, w.step, w.host, w.port, w.maxMs]),
      [['incoming', 'greeting', 'imap.mail.test', port, 3000]],
    );
    assert.ok(waits[0]!.waitedMs >= 1000 && waits[0]!.waitedMs < 1500, String(waits[0]?.waitedMs));
  });

  it('a healthy server: nothing is waited for long enough to show', async function () {
    const port = await servers.imap({ tls: h.pki.issue({ commonName: 'imap.mail.test' }) });
    const waits: Waiting[] = [];
    const report = await h.run({ incoming: { protocol: 'imap', host: 'imap.mail.test', port, security: 'tls' } }, { allowPorts: [port], timeoutMs: 3000, onWaiting: (w) => waits.push(w) });
    assert.deepEqual(causes(report), ['ok']);
    assert.deepEqual(waits, []);
  });

  it('the progress line says what is waited for in every language', function () {
    const line = (language: string, step: Waiting['step']) =>
      documentCheck(translator(language), { name: `${step}_wait`, target: 'incoming', status: 'warn', ms: 1000, detail: 'imap.example.com:143 · ≤ 5 s' }).label;
    assert.match(line('en', 'greeting'), /Waiting for the server's greeting/);
    assert.match(line('de', 'connect'), /Warte darauf, dass der Server die Verbindung annimmt/);
    assert.match(line('ja', 'tls'), /TLS/);
    for (const language of ['en', 'de', 'es', 'fr', 'pt-BR', 'ja']) {
      for (const step of ['connect', 'tls', 'greeting', 'capabilities', 'starttls', 'login'] as const) {
        const label = line(language, step);
        assert.ok(!label.includes('_wait') && !label.includes('waiting:'), `${language} ${step}: ${label}`);
      }
    }
  });
});
