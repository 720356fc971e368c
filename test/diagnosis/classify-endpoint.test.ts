import assert from 'node:assert/strict';
import { classifyEndpoint } from '../../src/diagnosis/classify-endpoint';
import type { Endpoint, EndpointObservation } from '../../src/diagnosis/endpoint';
import { localizeFinding } from '../../src/diagnosis/localize';
import type { RawFinding } from '../../src/diagnosis/raw-finding';
import { translator } from '../../src/i18n/translator';

/**
 * Classification from observation objects, for the faults no unprivileged loopback server can
 * show: an ICMP "no route" (network.unreachable) and a network that drops outbound port 25
 * (smtp.port25_blocked) need routing and firewall rules, i.e. root. The lab suite (#3) produces
 * both for real; here the engine's reading of such observations is pinned down.
 */
const HOST = 'smtp.example.com';
const ADDRESS = '192.0.2.25';

function endpoint(port: number, security: Endpoint['security']): Endpoint {
  return { address: ADDRESS, port, protocol: 'smtp', security, servername: HOST };
}

function unreachable(port: number, code: 'timeout' | 'host_unreachable' | 'net_unreachable' | 'refused'): EndpointObservation {
  return { endpoint: endpoint(port, 'starttls'), tcp: { ok: false, code, message: code, ms: code === 'timeout' ? 5000 : 3 }, ms: 5000 };
}

/** A submission port that works: greeting, EHLO with STARTTLS, a trusted TLS 1.3 session, AUTH after TLS. */
function working(port: number, security: Endpoint['security']): EndpointObservation {
  const caps = (auth: string[]) => ({ ok: true, raw: ['STARTTLS', 'AUTH'], startTls: true, loginDisabled: false, authMechanisms: auth, ms: 2 });
  return {
    endpoint: endpoint(port, security),
    tcp: { ok: true, ms: 3 },
    greeting: { kind: 'smtp_ready', protocol: 'smtp', text: `220 ${HOST} ESMTP`, ms: 5 },
    ...(security === 'starttls' ? { capabilities: caps([]), startTls: { kind: 'upgraded' as const, injected: false } } : {}),
    tls: { ok: true, handshake: true, protocol: 'TLSv1.3', hostnameMatch: true, ms: 8 },
    secureCapabilities: caps(['PLAIN', 'LOGIN']),
    ms: 20,
  };
}

const words = (f: RawFinding) => localizeFinding(f, translator('en'));

describe('classifyEndpoint (observations the lab suite #3 produces for real)', function () {
  it('smtp.port25_blocked: port 25 times out while 587 answers; a warning with the verified fix', function () {
    const [f, ...rest] = classifyEndpoint({
      target: 'outgoing',
      user: unreachable(25, 'timeout'),
      alternatives: [unreachable(465, 'refused'), working(587, 'starttls')],
      slowGreetingMs: 2500,
    });
    assert.equal(rest.length, 0);
    assert.equal(f?.cause, 'smtp.port25_blocked');
    assert.equal(f?.severity, 'warning');
    assert.deepEqual(f?.fixSettings, { port: 587, security: 'starttls' });
    assert.equal(words(f!).evidence, `${HOST} port 25 could not be tested from here (no answer), while other ports of the server answer`);
  });

  it('port 25 timing out with no other port answering is tcp.filtered, not a blocked network', function () {
    const [f] = classifyEndpoint({
      target: 'outgoing',
      user: unreachable(25, 'timeout'),
      alternatives: [unreachable(465, 'timeout'), unreachable(587, 'timeout')],
      slowGreetingMs: 2500,
    });
    assert.equal(f?.cause, 'tcp.filtered');
  });

  for (const code of ['host_unreachable', 'net_unreachable'] as const) {
    it(`network.unreachable from ${code}`, function () {
      const [f] = classifyEndpoint({ target: 'outgoing', user: unreachable(587, code), alternatives: [working(465, 'tls')], slowGreetingMs: 2500 });
      assert.equal(f?.cause, 'network.unreachable');
      assert.equal(f?.severity, 'error');
      assert.match(words(f!).evidence, new RegExp(`${ADDRESS} port 587: the (host|network) is unreachable`));
    });
  }

  it('a timeout with another port answering is settings.wrong_port, but not on a flaky path (the lab scenario network-intermittent)', function () {
    const evidence = { target: 'outgoing' as const, user: unreachable(465, 'timeout'), alternatives: [working(587, 'starttls')], slowGreetingMs: 2500 };
    assert.deepEqual(
      classifyEndpoint(evidence).map((f) => f.cause),
      ['settings.wrong_port'],
    );
    // Another connect to 465 got through: 587 answering proves nothing; network.intermittent (address health) names it.
    assert.deepEqual(classifyEndpoint({ ...evidence, flakyPath: true }), []);
  });
});

describe('classifyEndpoint: failed handshakes read with the version scan (Dovecot resets, the lab shows it)', function () {
  function handshakeFails(failure: 'reset' | 'closed'): EndpointObservation {
    return {
      endpoint: endpoint(465, 'tls'),
      tcp: { ok: true, ms: 2 },
      tls: { ok: false, handshake: false, failure, message: 'socket hang up', ms: 4 },
      ms: 6,
    };
  }
  const plainOnSamePort = (kind: 'closed' | 'smtp_ready'): EndpointObservation => ({
    endpoint: endpoint(465, 'starttls'),
    tcp: { ok: true, ms: 2 },
    greeting: kind === 'closed' ? { kind, text: '', ms: 1 } : { kind, protocol: 'smtp', text: '220 hi', ms: 1 },
    ms: 3,
  });

  it('a reset from a server that speaks only TLS 1.0/1.1 is tls.protocol_version, naming the versions', function () {
    const [f, ...rest] = classifyEndpoint({
      target: 'outgoing',
      user: handshakeFails('reset'),
      alternatives: [],
      slowGreetingMs: 2500,
      tlsVersions: ['TLSv1', 'TLSv1.1'],
    });
    assert.equal(rest.length, 0);
    assert.equal(f?.cause, 'tls.protocol_version');
    assert.equal(f?.facts.versions, 'TLSv1, TLSv1.1');
  });

  it('a port that hangs up on TLS and on plaintext alike is protocol.unexpected_close', function () {
    const [f] = classifyEndpoint({
      target: 'outgoing',
      user: handshakeFails('closed'),
      alternatives: [plainOnSamePort('closed')],
      slowGreetingMs: 2500,
      tlsVersions: [],
    });
    assert.equal(f?.cause, 'protocol.unexpected_close');
  });

  it('a reset on TLS where plaintext greets means a plaintext port (SSL/TLS chosen on it)', function () {
    const [f] = classifyEndpoint({
      target: 'outgoing',
      user: handshakeFails('reset'),
      alternatives: [plainOnSamePort('smtp_ready')],
      slowGreetingMs: 2500,
      tlsVersions: [],
    });
    assert.equal(f?.cause, 'tls.implicit_on_plain_port');
  });

  it('a reset on TLS with modern versions and no plaintext answer stays tls.handshake_failed', function () {
    const [f] = classifyEndpoint({
      target: 'outgoing',
      user: handshakeFails('reset'),
      alternatives: [],
      slowGreetingMs: 2500,
      tlsVersions: ['TLSv1.2'],
    });
    assert.equal(f?.cause, 'tls.handshake_failed');
  });
});
