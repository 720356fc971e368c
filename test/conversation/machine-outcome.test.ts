import assert from 'node:assert/strict';
import type { Effect } from '../../src/conversation/effects';
import { IDLE_TIMEOUT_MS } from '../../src/conversation/limits';
import { renderString } from '../../src/conversation/runner/render-effects';
import { translator } from '../../src/i18n/translator';
import { type Driver, find } from './support/driver';
import { CERT_EXPIRED, report, STARTTLS_ON_993 } from './support/fixtures';
import { reach } from './support/reach';

/** The outcome line the channel's root shows, in English (undefined: the root is left as it is). */
function outcome(effects: readonly Effect[]): string | undefined {
  const effect = find(effects, 'outcome');
  return effect ? renderString(translator('en'), effect.text) : undefined;
}

function finished(d: Driver, findings = [CERT_EXPIRED]): Effect[] {
  return d.send({ type: 'diagnosis_finished', runId: d.requestId, report: report(findings) });
}

/** Issue 20.3: every way a check ends puts its outcome into the root; nothing personal in it. */
describe('conversation: the outcome for the channel', () => {
  it('a report with a problem: the side and the cause, and where the fix is', () => {
    const d = reach('running');
    assert.equal(outcome(finished(d)), "✗ Incoming: The server's certificate has expired — the fix is in the thread.");
  });

  it('a report where everything works from here', () => {
    assert.equal(outcome(finished(reach('running'), [])), '✓ All checks passed from here — the next step is in the thread.');
  });

  it('a warning names it', () => {
    assert.match(outcome(finished(reach('running'), [{ ...STARTTLS_ON_993, severity: 'warning' }])) ?? '', /^⚠ Works, with a warning: .+ — details in the thread\.$/u);
  });

  it('an engine error, a limit, a restart: "stopped" and why', () => {
    const failed = reach('running');
    assert.equal(outcome(failed.send({ type: 'diagnosis_failed', runId: failed.requestId })), "⏹ Stopped: a problem on the bot's side.");
    const refused = reach('running');
    assert.equal(outcome(refused.send({ type: 'diagnosis_refused', runId: refused.requestId })), '⏹ Stopped: the check did not start.');
    const interrupted = reach('running');
    assert.equal(outcome(interrupted.send({ type: 'diagnosis_interrupted', runId: interrupted.requestId })), '⏹ Stopped: the bot restarted during the check.');
  });

  it('cancelled or left idle before a result: says so; after a report the root keeps the report', () => {
    assert.equal(outcome(reach('ask_scope').pick('cancel')), '⏹ Stopped: cancelled.');
    assert.equal(outcome(reach('running').reply('cancel')), '⏹ Stopped: cancelled.');
    const idle = reach('offer_login');
    idle.advance(IDLE_TIMEOUT_MS);
    assert.equal(outcome(idle.send({ type: 'timed_out' })), '⏹ Stopped: nobody answered.');
    const afterReport = reach('report');
    assert.equal(outcome(afterReport.pick('done')), undefined);
    const idleAfterReport = reach('report');
    idleAfterReport.advance(IDLE_TIMEOUT_MS);
    assert.equal(outcome(idleAfterReport.send({ type: 'timed_out' })), undefined);
  });

  it('names no address, domain or server, in any language', () => {
    for (const language of ['en', 'de', 'es', 'fr', 'ja', 'pt-BR']) {
      const d = reach('running');
      const effect = find(finished(d), 'outcome');
      const line = effect ? renderString(translator(language), effect.text) : '';
      assert.ok(line.length > 0);
      assert.doesNotMatch(line, /acme|alice|imap\./iu, line);
    }
  });
});
