import assert from 'node:assert/strict';
import { publishReport, unexplainedChecks, unexplainedFindings } from '../../src/diagnosis/report-invariant';
import type { Check, Report } from '../../src/diagnosis/report';
import { finding } from '../../src/diagnosis/raw-finding';
import { takeViolations } from '../support/report-invariant-hook';

const check = (name: string, status: Check['status'], target: Check['target'] = 'incoming', detail = 'x'): Check => ({ name, target, status, ms: 1, detail });

describe('report invariant: no failed check without a finding', function () {
  it('a failed login with no finding of its side is unexplained; an auth finding explains it', function () {
    const login = check('login', 'fail', 'outgoing', '587/starttls session: Timeout');
    assert.deepEqual(unexplainedChecks([login], []), [login]);
    assert.deepEqual(unexplainedChecks([login], [finding('tls.cert_expiring_soon', 'warning', 'outgoing', {})]), [], 'tls.* may explain a login that failed at TLS');
    assert.deepEqual(unexplainedChecks([login], [finding('auth.login_timeout', 'error', 'incoming', {})]), [login], 'the other side does not explain it');
    assert.deepEqual(unexplainedChecks([login], [finding('auth.login_timeout', 'error', 'outgoing', {})]), []);
    assert.deepEqual(unexplainedChecks([login], [finding('ok', 'info', 'account', {})]), [login]);
  });

  it('a DNS check is explained only by a DNS (or policy) cause; a skip needs its reason', function () {
    const dns = check('dns_propagation', 'fail');
    assert.deepEqual(unexplainedChecks([dns], [finding('tcp.refused', 'error', 'incoming', {})]), [dns]);
    assert.deepEqual(unexplainedChecks([dns], [finding('dns.resolver_unreachable', 'error', 'incoming', {})]), []);
    const silentSkip = check('login', 'skip', 'incoming', ' ');
    assert.deepEqual(unexplainedChecks([silentSkip, check('login', 'skip'), check('tcp', 'untestable'), check('tcp', 'pass')], []), [silentSkip]);
  });

  it('each unexplained check becomes an error finding, so the verdict cannot be ok', function () {
    const [f] = unexplainedFindings([check('greeting', 'fail', 'incoming', 'closed: ')]);
    assert.equal(f?.cause, 'diagnosis.unexplained_check');
    assert.equal(f?.severity, 'error');
    assert.deepEqual(f?.facts, { check: 'greeting', status: 'fail', detail: 'closed: ' });
  });

  it('the root hook sees every published report and its unexplained checks', function () {
    const failed = check('login', 'fail');
    const report = { verdict: 'ok', checks: [failed], findings: [] } as unknown as Report;
    publishReport(report, [failed]);
    const seen = takeViolations();
    assert.equal(seen.length, 2, seen.join('; '));
    assert.match(seen[0] ?? '', /incoming login fail without a finding/);
    assert.match(seen[1] ?? '', /verdict ok beside failed checks: login/);
  });
});
