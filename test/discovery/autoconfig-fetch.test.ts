import assert from 'node:assert/strict';
import { discover } from '../../src/discovery/discover';
import type { DiscoveryOptions } from '../../src/discovery/discovery-options';
import type { SourceAttempt, SourceReport } from '../../src/discovery/discovery-result';
import { startDiscoveryLab, type DiscoveryLab } from './lab';

const TIMEOUT_MS = 1500;
/** Scheduling slack on a busy CI machine; the point is "bounded", not "fast". */
const SLACK_MS = 500;

/**
 * Autoconfig over HTTP(S) going wrong the ways the issue lists: every case ends in a clear,
 * tagged result within the deadline, and never in an exception.
 */
describe('discovery/autoconfig: fetching under limits and policy', function () {
  let lab: DiscoveryLab;

  before(async function () {
    lab = await startDiscoveryLab();
  });
  after(async function () {
    await lab.close();
  });

  async function autoconfigOf(domain: string, extra: DiscoveryOptions = {}): Promise<{ report: SourceReport; ms: number; notFound: boolean | undefined }> {
    const started = Date.now();
    const result = await discover(`user@${domain}`, lab.options({ sources: ['autoconfig'], timeoutMs: TIMEOUT_MS, ...extra }));
    const report = result.reports?.[0];
    assert.ok(report);
    return { report, ms: Date.now() - started, notFound: result.notFound };
  }
  const attempt = (report: SourceReport, prefix: string): SourceAttempt | undefined => report.attempts.find((a) => a.target.startsWith(prefix));

  it('follows a redirect to the document', async function () {
    const result = await discover('user@redirect.test', lab.options({ sources: ['autoconfig'] }));
    assert.equal(result.incoming[0]?.settings.host, 'imap.redirect.test');
    assert.equal(result.incoming[0]?.origin, 'https://autoconfig.redirect.test/moved/config.xml');
  });

  it('malformed XML: a clear "malformed" result with the position', async function () {
    const { report, notFound } = await autoconfigOf('malformed.test');
    assert.equal(report.status, 'failed');
    assert.equal(notFound, true);
    const https = attempt(report, 'https://autoconfig.malformed.test');
    assert.equal(https?.problem, 'malformed');
    assert.match(https?.detail ?? '', /^line \d+, column \d+: /);
  });

  it('a 10 MB document is cut off at 1 MB without reading it all', async function () {
    const { report, ms } = await autoconfigOf('huge.test');
    const https = attempt(report, 'https://autoconfig.huge.test');
    assert.equal(https?.problem, 'too_large');
    assert.equal(https?.detail, 'more than 1048576 bytes');
    assert.ok(ms < TIMEOUT_MS + SLACK_MS, `${ms} ms`);
    assert.ok(lab.web.bytesSent < 10 * 1024 * 1024, `the server could not send it all (${lab.web.bytesSent} bytes)`);
  });

  it('a declared Content-Length over the limit is refused before reading', async function () {
    const { report } = await autoconfigOf('declared.test');
    assert.equal(attempt(report, 'http://autoconfig.declared.test')?.detail, 'Content-Length 10485760 is over the 1048576-byte limit');
  });

  it('a redirect loop ends as "redirect_loop", naming the hops', async function () {
    const { report, ms } = await autoconfigOf('loop.test');
    const http = attempt(report, 'http://autoconfig.loop.test');
    assert.equal(http?.problem, 'redirect_loop');
    assert.match(http?.detail ?? '', /config-v1\.1\.xml → http:\/\/autoconfig\.loop\.test\/a → .*config-v1\.1\.xml$/);
    assert.equal(attempt(report, 'https://autoconfig.loop.test')?.problem, 'redirect_loop');
    assert.ok(ms < TIMEOUT_MS);
  });

  it('too many redirects are bounded by maxRedirects', async function () {
    const { report } = await autoconfigOf('loop.test', { maxRedirects: 1 });
    assert.equal(attempt(report, 'https://autoconfig.loop.test')?.problem, 'too_many_redirects');
  });

  it('a server that never answers, or never finishes, ends at the deadline', async function () {
    for (const domain of ['slow.test', 'dribble.test']) {
      const { report, ms } = await autoconfigOf(domain);
      assert.equal(report.status, 'timeout', domain);
      assert.equal(attempt(report, `https://autoconfig.${domain}`)?.problem, 'timeout', domain);
      assert.ok(ms >= TIMEOUT_MS * 0.8 && ms < TIMEOUT_MS + SLACK_MS, `${domain}: ${ms} ms`);
    }
  });

  it('refuses private and cloud-metadata addresses even when loopback is allowed', async function () {
    for (const [domain, reason] of [['private.test', 'private'], ['metadata.test', 'cloud_metadata']] as const) {
      const { report } = await autoconfigOf(domain);
      const https = attempt(report, `https://autoconfig.${domain}`);
      assert.equal(https?.problem, 'policy_refused', domain);
      assert.match(https?.detail ?? '', new RegExp(`\\(${reason}\\)`));
    }
    assert.ok(!lab.web.requests.some((r) => r.host.endsWith('private.test') || r.host.endsWith('metadata.test')));
  });

  it('refuses loopback by default: the policy is checked on the resolved address', async function () {
    const { report } = await autoconfigOf('ac.test', { allowNets: [] });
    assert.equal(report.status, 'failed');
    assert.match(attempt(report, 'https://autoconfig.ac.test')?.detail ?? '', /127\.0\.0\.1 \(loopback\)/);
  });

  it('refuses a non-standard port the policy does not allow', async function () {
    const { report } = await autoconfigOf('ac.test', { allowPorts: [] });
    assert.equal(attempt(report, 'https://autoconfig.ac.test')?.problem, 'policy_refused');
    assert.match(attempt(report, 'https://autoconfig.ac.test')?.detail ?? '', /^port \d+ not allowed$/);
  });
});
