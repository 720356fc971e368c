import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import type { Security } from '../../src/settings/server-settings';
import { endlessBanner, junk, silent, type Behaviour } from '../support/hostile-servers';
import { causes } from './harness';
import { useEngineSuite } from './servers';

const TIMEOUT_MS = 1000;
/** The whole diagnosis is bounded by its slowest step (one deadline), plus scheduling slack. */
const DEADLINE_MS = TIMEOUT_MS + 600;
/** Heap growth allowed for one diagnosis of a hostile server; the endless banner offers 64 MB. */
const HEAP_BUDGET = 24 * 1024 * 1024;

/**
 * Hostile servers: whatever they send or withhold, the diagnosis ends in a finding within its
 * deadline and reads only a bounded amount (the client hangs up instead of buffering).
 */
describe('engine: hostile servers end in a finding, in time, with bounded memory', function () {
  const { h, servers } = useEngineSuite();

  /** Wraps a behaviour to record the most bytes it pushed into any one connection. */
  function measured(behaviour: Behaviour): { behaviour: Behaviour; maxBytes: () => number } {
    let max = 0;
    return {
      behaviour: (socket: Socket) => {
        socket.on('close', () => (max = Math.max(max, socket.bytesWritten)));
        behaviour(socket);
      },
      maxBytes: () => max,
    };
  }

  async function diagnoseHostile(behaviour: Behaviour, security: Security) {
    const port = await servers.raw(behaviour);
    const heapBefore = process.memoryUsage().heapUsed;
    const report = await h.run({ incoming: { protocol: 'imap', host: 'imap.mail.test', port, security } }, { allowPorts: [port], timeoutMs: TIMEOUT_MS });
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    assert.equal(report.verdict, 'problem', JSON.stringify(report.findings));
    assert.ok(report.durationMs < DEADLINE_MS, `took ${report.durationMs} ms`);
    assert.ok(heapGrowth < HEAP_BUDGET, `heap grew by ${Math.round(heapGrowth / 1e6)} MB`);
    for (const check of report.checks) assert.ok(check.detail.length <= 1000, `${check.name} detail is ${check.detail.length} chars`);
    return report;
  }

  for (const security of ['starttls', 'tls'] as const) {
    it(`1 MB of junk (${security}) → protocol.garbage`, async function () {
      const server = measured(junk);
      const report = await diagnoseHostile(server.behaviour, security);
      assert.deepEqual(causes(report), ['protocol.garbage']);
      assert.ok(server.maxBytes() <= 1024 * 1024);
    });

    it(`an endless banner line (${security}) → protocol.garbage, read only in part`, async function () {
      const server = measured(endlessBanner);
      const report = await diagnoseHostile(server.behaviour, security);
      assert.deepEqual(causes(report), ['protocol.garbage']);
      assert.match(report.findings[0]?.evidence ?? '', /sent "220 AAAA/);
      await servers.closeAll();
      assert.ok(server.maxBytes() < 16 * 1024 * 1024, `the server pushed ${server.maxBytes()} bytes into one connection`);
    });

    it(`a server that never answers (${security}) → a finding at the deadline`, async function () {
      const report = await diagnoseHostile(silent, security);
      const expected = security === 'tls' ? 'tls.handshake_failed' : 'server.slow_greeting';
      assert.equal(causes(report)[0], expected, JSON.stringify(report.findings));
    });
  }
});
