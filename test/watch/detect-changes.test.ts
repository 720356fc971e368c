import assert from 'node:assert/strict';
import { daysLeft, detectChanges, type WatchAlert } from '../../src/watch/detect-changes';
import type { Observation } from '../../src/watch/observe';
import { initialState, type WatchState } from '../../src/watch/watch';

const DAY = 24 * 60 * 60_000;
const T0 = Date.parse('2026-12-01T12:00:00Z');

const up = (extra: Partial<Observation> = {}): Observation => ({ status: 'up', certificates: {}, tlsVersions: {}, listed: [], ...extra });
const down = (extra: Partial<Observation> = {}): Observation => ({ ...up(), status: 'down', cause: 'tcp.refused', evidence: '127.0.0.1 port 993: connection refused', ...extra });

/** Feeds observations one per `stepMs`; returns every alert kind in order and the last state. */
function run(observations: Observation[], stepMs = 5 * 60_000, start: WatchState = initialState(T0)): { alerts: WatchAlert[]; state: WatchState } {
  let state = start;
  const alerts: WatchAlert[] = [];
  observations.forEach((seen, i) => {
    const change = detectChanges(state, seen, { now: T0 + (i + 1) * stepMs });
    state = JSON.parse(JSON.stringify(change.state)) as WatchState;
    alerts.push(...change.alerts);
  });
  return { alerts, state };
}

describe('watch: change detection', () => {
  it('the first healthy round is the baseline: no alert', () => {
    assert.deepEqual(run([up(), up()]).alerts, []);
  });

  it('down is posted once, after two failed rounds in a row, with its cause and evidence', () => {
    const { alerts, state } = run([up(), down(), down(), down()]);
    assert.deepEqual(alerts, [{ kind: 'down', cause: 'tcp.refused', evidence: '127.0.0.1 port 993: connection refused' }]);
    assert.equal(state.status, 'down');
  });

  it('one lost round is not an outage', () => {
    assert.deepEqual(run([up(), down(), up(), down(), up()]).alerts, []);
  });

  it('back up says how long it was down (from the confirmed down)', () => {
    const { alerts } = run([up(), down(), down(), down(), up()], 5 * 60_000);
    assert.deepEqual(alerts.map((a) => a.kind), ['down', 'up']);
    // Confirmed at round 3, up at round 5: ten minutes.
    assert.deepEqual(alerts[1], { kind: 'up', downMs: 10 * 60_000 });
  });

  it("the bot's own network is 'cannot check from here', never down, and its end says so", () => {
    const own: Observation = { ...up(), status: 'unverifiable', cause: 'dns.resolver_unreachable', evidence: 'resolver 10.0.0.2 does not answer' };
    const { alerts, state } = run([up(), own, own, own, up()]);
    assert.deepEqual(alerts.map((a) => a.kind), ['unverifiable', 'verifiable']);
    assert.equal(alerts[0]!.kind === 'unverifiable' && alerts[0]!.cause, 'dns.resolver_unreachable');
    assert.equal(state.status, 'up');
  });

  it('a certificate is announced at 30, 14, 7 and 1 days, each once', () => {
    const validTo = new Date(T0 + 40 * DAY).toISOString().slice(0, 10);
    const observations = Array.from({ length: 45 }, () => up({ certificates: { incoming: validTo } }));
    const { alerts } = run(observations, DAY);
    assert.deepEqual(
      alerts.map((a) => (a.kind === 'cert_expiring' ? a.daysLeft : a.kind)),
      [30, 14, 7, 1],
    );
  });

  it('a certificate first seen at 10 days left is announced now, then at 7 and 1', () => {
    const validTo = new Date(T0 + 10 * DAY).toISOString().slice(0, 10);
    const { alerts } = run(Array.from({ length: 12 }, () => up({ certificates: { incoming: validTo } })), DAY);
    assert.deepEqual(alerts.map((a) => (a.kind === 'cert_expiring' ? a.daysLeft : a.kind)), [9, 7, 1]);
  });

  it('a renewed certificate starts over', () => {
    const old = new Date(T0 + 20 * DAY).toISOString().slice(0, 10);
    const renewed = new Date(T0 + 25 * DAY).toISOString().slice(0, 10);
    const { alerts } = run([up({ certificates: { incoming: old } }), up({ certificates: { incoming: renewed } }), up({ certificates: { incoming: renewed } })], 60_000);
    assert.deepEqual(alerts.map((a) => a.kind === 'cert_expiring' && a.validTo), [old, renewed]);
  });

  it('daysLeft counts to the end of the last valid day', () => {
    assert.equal(daysLeft('2026-12-01', Date.parse('2026-12-01T00:00:00Z')), 0);
    assert.equal(daysLeft('2026-12-31', Date.parse('2026-12-01T12:00:00Z')), 30);
  });

  it('a blocklist listing is announced when it appears, not on every round', () => {
    const listed = up({ listed: ['203.0.113.5 zen.example'] });
    const { alerts } = run([up(), listed, listed, up(), listed]);
    assert.deepEqual(alerts, [
      { kind: 'blocklisted', entries: ['203.0.113.5 zen.example'] },
      { kind: 'blocklisted', entries: ['203.0.113.5 zen.example'] },
    ]);
  });

  it('TLS got weaker: a version lost is announced once', () => {
    const both = up({ tlsVersions: { incoming: ['TLSv1.2', 'TLSv1.3'] } });
    const only12 = up({ tlsVersions: { incoming: ['TLSv1.2'] } });
    const { alerts } = run([both, both, only12, only12]);
    assert.deepEqual(alerts, [{ kind: 'tls_weaker', target: 'incoming', lost: ['TLSv1.3'], remaining: ['TLSv1.2'] }]);
  });

  it('the published settings changing is announced with before and after', () => {
    const a = up({ published: 'imap://imap.acme.com:993 (tls)' });
    const b = up({ published: 'imap://mail.acme.com:993 (tls)' });
    assert.deepEqual(run([a, a, b, b]).alerts, [{ kind: 'published_changed', before: 'imap://imap.acme.com:993 (tls)', after: 'imap://mail.acme.com:993 (tls)' }]);
  });

  it('a server already down at the first round is announced once confirmed', () => {
    assert.deepEqual(run([down(), down(), down()]).alerts.map((a) => a.kind), ['down']);
  });
});
