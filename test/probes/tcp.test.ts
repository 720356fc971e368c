import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { connectTcp } from '../../src/probes/tcp';
import { startFilteredPort, type FilteredPort } from '../support/filtered-port';
import { type RawServer, banner, startRawServer } from '../support/hostile-servers';
import { until } from '../support/until';
import { closedPort } from '../support/closed-port';

// 'host_unreachable' and 'net_unreachable' need ICMP unreachable replies or a missing route,
// which cannot be produced on loopback without root (iptables REJECT, ip route); the lab
// suite (#3) covers them against a real firewall.
describe('probes/tcp connectTcp', () => {
  let server: RawServer;
  before(async () => {
    server = await startRawServer(banner('* OK ready'));
  });
  after(() => server.close());

  it('connects to a listening port and times the connect', async () => {
    const result = await connectTcp('127.0.0.1', server.port, { timeoutMs: 2000 });
    assert.ok(result.ok);
    assert.equal(result.socket.remotePort, server.port);
    assert.ok(result.ms >= 0 && result.ms < 2000, `ms=${result.ms}`);
    result.socket.destroy();
  });

  it('reports refused quickly when nothing listens', async () => {
    const result = await connectTcp('127.0.0.1', await closedPort(), { timeoutMs: 2000 });
    assert.ok(!result.ok);
    assert.equal(result.code, 'refused');
    assert.match(result.message, /ECONNREFUSED/);
    assert.ok(result.ms < 1000, `ms=${result.ms}`);
  });

  describe('on a filtered port (SYNs dropped)', () => {
    let filtered: FilteredPort;
    before(async () => {
      filtered = await startFilteredPort();
    });
    after(() => filtered.close());

    it("reports 'timeout' at our own deadline, not the OS's minutes of SYN retries", async () => {
      const timeoutMs = 300;
      const result = await connectTcp('127.0.0.1', filtered.port, { timeoutMs });
      assert.ok(!result.ok);
      assert.equal(result.code, 'timeout');
      // A correctness bound (the timer fired, nothing else), not a speed test.
      assert.ok(result.ms >= timeoutMs - 5 && result.ms < timeoutMs + 700, `ms=${result.ms}`);
    });

    it('abort during the connect destroys the attempt at once', async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const result = await connectTcp('127.0.0.1', filtered.port, { timeoutMs: 5000, signal: controller.signal });
      assert.ok(!result.ok);
      assert.equal(result.code, 'error');
      assert.match(result.message, /abort/);
      assert.ok(result.ms < 1000, `ms=${result.ms}`);
    });
  });

  it('rejects a host name without resolving or connecting', async () => {
    const before = server.connections;
    const result = await connectTcp('localhost', server.port, { timeoutMs: 2000 });
    assert.ok(!result.ok);
    assert.equal(result.code, 'error');
    assert.match(result.message, /not an IP address/);
    assert.equal(server.connections, before);
  });

  it('rejects an invalid port', async () => {
    const result = await connectTcp('127.0.0.1', 70000, { timeoutMs: 2000 });
    assert.ok(!result.ok);
    assert.equal(result.code, 'error');
  });

  it('an already aborted signal never connects', async () => {
    const before = server.connections;
    const result = await connectTcp('127.0.0.1', server.port, { timeoutMs: 2000, signal: AbortSignal.abort() });
    assert.ok(!result.ok);
    assert.equal(result.code, 'error');
    // A marker connection made after it is accepted after anything it started (one listen
    // queue, first in first out): once the server has the marker, the count says all.
    const seenPorts: number[] = [];
    const seen = (socket: Socket) => seenPorts.push(socket.remotePort ?? 0);
    server.server.on('connection', seen);
    const marker = await connectTcp('127.0.0.1', server.port, { timeoutMs: 2000 });
    assert.ok(marker.ok);
    await until(() => seenPorts.includes(marker.socket.localPort ?? -1), 'the server to accept the marker');
    server.server.off('connection', seen);
    marker.socket.destroy();
    assert.equal(server.connections, before + 1, 'the aborted attempt connected');
  });

  it('abort after the connect destroys the socket', async () => {
    const controller = new AbortController();
    const result = await connectTcp('127.0.0.1', server.port, { timeoutMs: 2000, signal: controller.signal });
    assert.ok(result.ok);
    const closed = new Promise((resolve) => result.socket.once('close', resolve));
    controller.abort();
    assert.equal(result.socket.destroyed, true);
    await closed;
  });
});
