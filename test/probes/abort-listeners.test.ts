import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { diagnose } from '../../src/diagnosis/diagnose';
import { discover } from '../../src/discovery/discover';
import { onAbort } from '../../src/probes/probe-options';
import { startDnsServer, type TestDnsServer } from '../support/dns-server';
import { type RawServer, silent, startRawServer } from '../support/hostile-servers';

const listeners = (signal: AbortSignal): number => getEventListeners(signal, 'abort').length;

/**
 * Many steps share one signal at once (every guess of a discovery source, every socket and fork
 * of a diagnosis). An 'abort' listener each crosses Node's limit of 10 per signal, and
 * "MaxListenersExceededWarning: Possible EventTarget memory leak detected" appears in the user's
 * chat and terminal; a listener never removed piles up on a caller's long-lived signal. These
 * tests fail on either: they count the listeners and turn the warning into a failure.
 */
describe('probes: abort listeners', function () {
  const warnings: string[] = [];
  const onWarning = (warning: Error): void => {
    if (warning.name === 'MaxListenersExceededWarning') warnings.push(warning.message);
  };
  before(() => process.on('warning', onWarning));
  after(() => process.off('warning', onWarning));
  beforeEach(() => {
    warnings.length = 0;
  });
  /** Node emits the warning on the next tick after the listener that crossed the limit. */
  const noWarning = async (): Promise<void> => {
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(warnings, []);
  };

  describe('onAbort', function () {
    it('keeps one listener on a signal however many steps wait on it, and none once they are done', async function () {
      const controller = new AbortController();
      const detachers = Array.from({ length: 50 }, () => onAbort(controller.signal, () => {}));
      assert.equal(listeners(controller.signal), 1);
      for (const detach of detachers) detach();
      assert.equal(listeners(controller.signal), 0);
      await noWarning();
    });

    it('runs every waiting cleanup once on abort, but not the detached ones, also when one throws', async function () {
      const controller = new AbortController();
      const ran: number[] = [];
      const uncaught: unknown[] = [];
      // Mocha's own handler would fail the test on the rethrown error: it steps aside meanwhile.
      const mocha = process.listeners('uncaughtException');
      process.removeAllListeners('uncaughtException');
      process.on('uncaughtException', (error) => void uncaught.push(error));
      try {
        onAbort(controller.signal, () => ran.push(1));
        onAbort(controller.signal, () => {
          throw new Error('cleanup failed');
        });
        const detach = onAbort(controller.signal, () => ran.push(3));
        onAbort(controller.signal, () => ran.push(4));
        detach();
        controller.abort();
        controller.abort();
        await new Promise((resolve) => setImmediate(resolve));
      } finally {
        process.removeAllListeners('uncaughtException');
        for (const listener of mocha) process.on('uncaughtException', listener);
      }
      assert.deepEqual(ran, [1, 4]);
      assert.deepEqual(uncaught.map((e) => (e as Error).message), ['cleanup failed']);
      assert.equal(listeners(controller.signal), 0);
    });

    it('runs the cleanup at once for a signal already aborted, adding nothing', function () {
      const signal = AbortSignal.abort();
      let ran = 0;
      onAbort(signal, () => ran++)();
      assert.equal(ran, 1);
      assert.equal(listeners(signal), 0);
    });
  });

  describe('in discovery and a diagnosis', function () {
    let dns: TestDnsServer;
    let quiet: RawServer;
    before(async function () {
      const loopback = { A: ['127.0.0.1'] };
      const names = ['imap', 'mail', 'pop3', 'pop', 'smtp'].map((prefix) => [`${prefix}.busy.test`, loopback] as const);
      dns = await startDnsServer({ records: Object.fromEntries(names) });
      quiet = await startRawServer(silent);
    });
    after(async function () {
      await Promise.all([dns.close(), quiet.close()]);
    });

    it('discovery: 14 guesses open at once, one listener each on the source signal, none left on the caller', async function () {
      // Every guessed name resolves and every guessed port accepts and stays silent, so all 14
      // guesses (5 names × their ports) hold a socket at the same time.
      const caller = new AbortController();
      const guessPorts = Object.fromEntries([993, 143, 995, 110, 465, 587].map((port) => [port, quiet.port]));
      const result = await discover('alice@busy.test', {
        dnsServers: [dns.server],
        allowNets: ['127.0.0.0/8'],
        allowPorts: [quiet.port],
        guessPorts,
        timeoutMs: 800,
        signal: caller.signal,
      });
      const guess = result.reports?.find((r) => r.source === 'guess');
      // The case is real only when every guess really connected and waited.
      assert.equal(guess?.attempts.filter((a) => !a.ok && a.problem !== 'connect_failed').length, 14, JSON.stringify(guess));
      await noWarning();
      assert.equal(listeners(caller.signal), 0, 'listeners left on the caller signal');
    });

    it('diagnosis: forks and sockets leave no listener on the caller signal, diagnosis after diagnosis', async function () {
      const caller = new AbortController();
      for (let i = 0; i < 3; i++) {
        await diagnose({
          settings: { incoming: { protocol: 'imap', host: 'imap.busy.test', port: quiet.port, security: 'tls' } },
          options: { dnsServers: [dns.server], authoritativeDnsPort: dns.port, allowNets: ['127.0.0.0/8'], allowPorts: [quiet.port], timeoutMs: 300, signal: caller.signal },
        });
      }
      await noWarning();
      assert.equal(listeners(caller.signal), 0, 'listeners left on the caller signal');
    });
  });
});
