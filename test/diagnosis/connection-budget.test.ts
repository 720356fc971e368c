import assert from 'node:assert/strict';
import { diagnoseOptionsFromEnv } from '../../src/config/environment';
import { DiagnosisContext } from '../../src/diagnosis/context';
import type { Report } from '../../src/diagnosis/report';
import type { ServerSettings } from '../../src/settings/server-settings';
import { spyOnConnections, type ConnectionSpy } from '../policy/support/connection-spy';
import { startFakeImapServer } from '../support/fake-imap-server';
import { mailZone, PASSWORD, USER, useEngineSuite } from './servers';

/**
 * The per-diagnosis connection cap (MAILHELP_MAX_CONNECTIONS) against real loopback servers:
 * every socket the engine opens (probes, alternatives, TLS version scans, extra attempts, the
 * login) counts, nothing is opened past the cap, and the report says it is incomplete.
 */
describe('engine: the connection cap per diagnosis', function () {
  const { h, servers } = useEngineSuite(() => ({ ...mailZone(), 'dual.mail.test': { A: ['127.0.0.1'], AAAA: ['::1'] } }));
  let connections: ConnectionSpy;
  beforeEach(() => (connections = spyOnConnections()));
  afterEach(() => connections.restore());

  const imaps = async (): Promise<{ settings: ServerSettings; port: number }> => {
    const port = await servers.imap({ tls: h.pki.issue({ commonName: 'imap.mail.test' }), login: (user, password) => (user === USER && password === PASSWORD ? 'OK Logged in' : 'NO [AUTHENTICATIONFAILED] Invalid credentials') });
    return { port, settings: { protocol: 'imap', host: 'imap.mail.test', port, security: 'tls' } };
  };
  const toPort = (port: number): number => connections.destinations.filter((d) => d.endsWith(`:${port}`)).length;
  const limitCheck = (report: Report) => report.checks.find((c) => c.name === 'connection_limit');

  it('control: a healthy server needs two connections (the check with the login, the TLS 1.2 check), under the default cap', async function () {
    const { settings, port } = await imaps();
    const report = await h.run({ incoming: settings }, { allowPorts: [port], credentials: { user: USER, password: PASSWORD } });
    assert.equal(report.verdict, 'ok', JSON.stringify(report.findings));
    assert.equal(limitCheck(report), undefined);
    assert.equal(toPort(port), 2, connections.destinations.join(', '));
  });

  it('a tiny cap: no crash, no connection past it, a check says so, and no finding blames the server', async function () {
    // A dual-stack host: the check on each address and the TLS 1.2 check need 3.
    const cert = h.pki.issue({ commonName: 'dual.mail.test' });
    const port = await servers.imap({ tls: cert });
    const imap6 = await startFakeImapServer({ tls: cert, host: '::1', port });
    servers.add(() => imap6.close());
    const settings: ServerSettings = { protocol: 'imap', host: 'dual.mail.test', port, security: 'tls' };
    const report = await h.run({ incoming: settings }, { allowPorts: [port], allowNets: ['127.0.0.0/8', '::1/128'], maxConnections: 2, credentials: { user: USER, password: PASSWORD } });
    const all = connections.destinations.length;
    assert.ok(all <= 2, `opened ${all}: ${connections.destinations.join(', ')}`);
    const check = limitCheck(report);
    assert.equal(check?.status, 'warn');
    assert.equal(check?.target, 'account');
    assert.match(check?.detail ?? '', /reached the limit of 2 connections; \d+ more were not opened/);
    // What was cut short is "skipped", never "failed": it says nothing about the server.
    const cut = report.checks.filter((c) => c.name !== 'connection_limit' && /connection_limit|limit of 2 connections|did not open/.test(c.detail));
    assert.ok(cut.length > 0);
    for (const skipped of cut) assert.equal(skipped.status, 'skip', JSON.stringify(skipped));
    // The report never reads "everything works" when it is incomplete, and blames nobody.
    assert.deepEqual(report.findings.map((f) => [f.cause, f.severity]), [['policy.connection_limit', 'warning']]);
    assert.equal(report.verdict, 'warning');
    const denied = Number(report.findings[0]?.facts.denied);
    assert.equal(report.findings[0]?.evidence, `reached the limit of 2 connections; ${denied} more ${denied === 1 ? 'was' : 'were'} not opened`);
  });

  it('a cap of 1 spent on the user\'s own connection: the IMAP login still goes on on it; the TLS 1.2 check is not opened', async function () {
    const { settings, port } = await imaps();
    const report = await h.run({ incoming: settings }, { allowPorts: [port], maxConnections: 1, credentials: { user: USER, password: PASSWORD } });
    assert.equal(connections.destinations.length, 1, connections.destinations.join(', '));
    assert.equal(report.checks.find((c) => c.name === 'login')?.status, 'pass');
    assert.equal(report.checks.find((c) => c.name === 'tls_versions')?.status, 'skip');
    assert.ok(limitCheck(report));
  });

  it('a login that needs a connection of its own is left untried past the cap, marked skipped', async function () {
    // A server that talks out of turn (a second line after its greeting) gets a fresh connection
    // for the password, never the check's session: with a cap of 1 that connection is not opened.
    const port = await servers.imap({ tls: h.pki.issue({ commonName: 'imap.mail.test' }), greeting: '* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n* OK out of turn' });
    const settings: ServerSettings = { protocol: 'imap', host: 'imap.mail.test', port, security: 'tls' };
    const report = await h.run({ incoming: settings }, { allowPorts: [port], maxConnections: 1, credentials: { user: USER, password: PASSWORD } });
    assert.equal(connections.destinations.length, 1, connections.destinations.join(', '));
    const login = report.checks.find((c) => c.name === 'login');
    assert.equal(login?.status, 'skip', JSON.stringify(report.checks));
    assert.match(login?.detail ?? '', /limit of 1 connections/);
    assert.ok(limitCheck(report));
  });

  it('0 turns the cap off (an admin\'s explicit choice)', async function () {
    const { settings, port } = await imaps();
    const report = await h.run({ incoming: settings }, { allowPorts: [port], maxConnections: 0 });
    assert.equal(limitCheck(report), undefined);
  });

  it('a fork (the speculative alternatives) spends the same budget as its diagnosis', async function () {
    const ctx = new DiagnosisContext({ maxConnections: 1, timeoutMs: 500 });
    const port = await servers.closedPort();
    const first = await ctx.fork().connect('127.0.0.1', port);
    assert.equal(first.ok, false);
    assert.equal(!first.ok && first.code, 'refused');
    const second = await ctx.connect('127.0.0.1', port);
    assert.equal(!second.ok && second.code, 'connection_limit');
    assert.equal(ctx.connections.denied, 1);
    assert.equal(connections.destinations.length, 1);
  });
});

describe('MAILHELP_MAX_CONNECTIONS', () => {
  it('sets the cap; 0 turns it off; empty or unreadable keeps the default', () => {
    assert.equal(diagnoseOptionsFromEnv({ MAILHELP_MAX_CONNECTIONS: '5' }).maxConnections, 5);
    assert.equal(diagnoseOptionsFromEnv({ MAILHELP_MAX_CONNECTIONS: '0' }).maxConnections, 0);
    for (const value of [undefined, '', ' ', 'lots', '-3', '2.5']) {
      assert.equal(diagnoseOptionsFromEnv({ MAILHELP_MAX_CONNECTIONS: value }).maxConnections, undefined, String(value));
    }
    assert.equal(new DiagnosisContext({}).connections.budget.max, 64);
  });
});
