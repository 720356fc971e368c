import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckFact, Report } from '../../src/diagnosis/report';
import { diagnose } from '../../src/diagnosis/diagnose';
import { LANGUAGES, LOCALES_DIR, translator } from '../../src/i18n/translator';
import { buildReportDocument } from '../../src/report-document/build-report-document';
import { renderFact } from '../../src/report-document/check-detail';
import { renderDocumentText } from '../../src/report-document/render-text';
import { createTestPki, DAY } from '../support/certs';
import { startFakeImapServer } from '../support/fake-imap-server';
import { closedPort } from '../support/closed-port';

/**
 * English words the engine's raw details are made of. None may reach a reader of another
 * language: "resolver … authoritative …", "until 2026-11-24", "working: 143/starttls",
 * "no standard combination answers", "unreachable: queryA ECONNREFUSED".
 */
const ENGLISH_DETAIL_WORDS = /\b(?:until|working|answers|unreachable|authoritative|refused|timed out|listed|expired|connected|only|cancelled|connections|opened|encrypted|combination|failed|certificate|signed in|yes|auth:|starttls: (?:yes|no))\b/iu;
/** Raw library and OpenSSL texts, which stay in --json and the logs. */
const RAW_LIBRARY_TEXT = /ERR_SSL_|ECONNREFUSED|SSL routines|:error:[0-9A-F]{8}|\.\.\/deps\/openssl|wrong version number|plaintext_reply|imap_ok/u;

type Tree = { [key: string]: string | Tree };
const checksLocale = (language: string): Tree => JSON.parse(readFileSync(join(LOCALES_DIR, language, 'checks.json'), 'utf8')) as Tree;

/** One fact per sentence and per code of the English locale, with values that are not words. */
function everyFact(): CheckFact[] {
  const english = checksLocale('en');
  const values = { address: '203.0.113.10', port: 993, protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', subject: 'CN=imap.acme.test', validTo: '2026-11-24', text: '* OK ready', mechanisms: 'PLAIN', response: '* NO [AUTHENTICATIONFAILED]', addresses: '203.0.113.10', server: '198.51.100.53', versions: 'TLSv1.2', combinations: '993/tls', mechanism: 'PLAIN', max: 64, denied: 3, zone: 'zen.test', answers: '203.0.113.10', views: '198.51.100.53', domain: 'acme.test', exchanges: 'mx1.acme.test' };
  const codes = { reason: 'tcp.refused', problem: 'tls.cert_expired', kind: 'greeting.imap_ok', security: 'security.tls', stage: 'stage.login', status: 'dnsbl.listed' };
  const facts: CheckFact[] = Object.keys(english.detail as Tree).map((id) => ({ id, values, codes }));
  for (const [group, codes] of Object.entries(english)) {
    if (group === 'detail' || typeof codes === 'string') continue;
    for (const code of Object.keys(codes)) facts.push({ id: 'tcp_failed', values, codes: { reason: `${group}.${code}` } });
  }
  facts.push({ id: 'dns_views', parts: { name: 'views', facts: [{ id: 'view_resolver', values }, { id: 'view_authoritative_failed', values, codes: { reason: 'dns.timeout' } }] } });
  return facts;
}

function reportText(report: Report, language: string): string {
  return renderDocumentText(buildReportDocument(report, translator(language), { language }));
}

describe('check details: structured facts rendered in the reader\'s language', function () {
  this.timeout(30_000);

  for (const language of LANGUAGES.filter((l) => l !== 'en')) {
    it(`${language}: every detail sentence and every code is in ${language}, not English`, () => {
      const t = translator(language);
      const english = translator('en');
      const leaks: string[] = [];
      for (const fact of everyFact()) {
        const shown = renderFact(t, fact);
        assert.notEqual(shown, '', `${JSON.stringify(fact)} renders empty`);
        if (shown.includes('{{')) leaks.push(`unfilled: ${shown}`);
        if (ENGLISH_DETAIL_WORDS.test(shown)) leaks.push(`${fact.id} ${JSON.stringify(fact.codes ?? {})}: ${shown}`);
        if (fact.codes && shown === renderFact(english, fact) && !/^[\s\d.:;/A-Z_-]*$/u.test(shown)) leaks.push(`same as English: ${shown}`);
      }
      assert.deepEqual(leaks, []);
    });
  }

  it('the English list of detail words does catch the English rendering (the test can fail)', () => {
    const english = translator('en');
    const caught = everyFact().filter((fact) => ENGLISH_DETAIL_WORDS.test(renderFact(english, fact)));
    assert.ok(caught.length > 20, `only ${caught.length} English renderings contain a listed word`);
  });

  it('real reports (refused port, plaintext on the TLS port, expired certificate) read in German and Japanese without English or OpenSSL text; --json keeps the raw texts', async () => {
    const pki = createTestPki();
    const now = Date.now();
    const expired = await startFakeImapServer({ host: '127.0.0.1', tls: pki.issue({ commonName: '127.0.0.1', notBefore: new Date(now - 400 * DAY), notAfter: new Date(now - 10 * DAY) }) });
    const plain = await startFakeImapServer({ host: '127.0.0.1' });
    const refused = await closedPort();
    try {
      const ports = [expired.port, plain.port, refused, 143, 993];
      const options = { allowNets: ['127.0.0.0/8'], allowPorts: ports, timeoutMs: 2000, ca: pki.trusted };
      for (const port of [expired.port, plain.port, refused]) {
        for (const language of ['de', 'ja']) {
          const report = await diagnose({ settings: { incoming: { protocol: 'imap', host: '127.0.0.1', port, security: 'tls' } }, options }, language);
          const missing = report.checks.filter((c) => !c.about).map((c) => c.name);
          assert.deepEqual(missing, [], `checks without structured facts (port ${port})`);
          const text = reportText(report, language);
          const checksPart = text.slice(text.lastIndexOf('\n\n', text.indexOf('✓') >= 0 ? text.indexOf('✓') : text.length));
          assert.doesNotMatch(text, RAW_LIBRARY_TEXT, `${language}, port ${port}:\n${text}`);
          for (const line of checksPart.split('\n').filter((l) => / — /u.test(l))) assert.doesNotMatch(line.split(' — ')[1]!, ENGLISH_DETAIL_WORDS, `${language}: ${line}`);
          if (port === plain.port) assert.ok(report.checks.some((c) => /wrong version number|WRONG_VERSION|plaintext/iu.test(c.detail)), 'the raw text is gone from --json');
        }
      }
    } finally {
      await expired.close();
      await plain.close();
    }
  });
});
