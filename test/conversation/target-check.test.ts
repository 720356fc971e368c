import assert from 'node:assert/strict';
import { createCheckTargets } from '../../src/diagnosis/check-targets';
import { transition } from '../../src/conversation/machine';
import { ConversationRunner } from '../../src/conversation/runner/runner';
import type { Diagnose } from '../../src/conversation/runner/runner-dependencies';
import type { ConversationState } from '../../src/conversation/state';
import type { DiagnoseRequest } from '../../src/diagnosis/diagnose-request';
import { MemoryConversationStore } from '../../src/store/memory-conversation-store';
import { MemoryPreferenceStore } from '../../src/store/preference-store';
import { startDnsServer, type TestDnsServer } from '../support/dns-server';
import { ALL_CAPABILITIES, effectTypes, find, lastAsk, shownKeys } from './support/driver';
import { ACME_DISCOVERY, report } from './support/fixtures';
import { reach } from './support/reach';
import { RecordingOutput } from './support/recording-output';

/**
 * Issue 14.6: the target policy is applied after the server is resolved and before the sign-in
 * question, so nobody types a password for a server the bot then refuses to contact.
 */
describe('conversation: the target policy before the password', function () {
  describe('the machine', function () {
    it('asks which servers are refused once the settings are complete, before the sign-in question', function () {
      const d = reach('ask_scope');
      d.refusals = [];
      const effects = d.pick('both');
      const check = find(effects, 'check_targets');
      assert.deepEqual(Object.keys(check?.settings ?? {}).sort(), ['email', 'incoming', 'outgoing']);
      assert.ok(effectTypes(effects).indexOf('check_targets') < effectTypes(effects).indexOf('ask'));
      assert.equal(d.step, 'offer_login');
    });

    it('every side refused: says which and why, never offers the sign-in, runs without it', function () {
      const d = reach('ask_scope');
      d.refusals = [
        { target: 'incoming', host: 'imap.acme.com', port: 993, address: '127.0.0.1', reason: 'loopback' },
        { target: 'outgoing', host: 'smtp.acme.com', port: 587, address: '10.0.0.5', reason: 'private' },
      ];
      const effects = d.pick('both');
      const keys = shownKeys(effects);
      for (const key of ['targets:refused_address', 'targets:reason.loopback', 'targets:reason.private', 'targets:admin', 'targets:no_login']) assert.ok(keys.includes(key), key);
      assert.equal(d.step, 'running');
      assert.ok(!effects.some((e) => e.type === 'open_form' || (e.type === 'ask' && e.choices.some((c) => c.id === 'login'))), 'no sign-in offered');
      assert.equal(find(effects, 'diagnose')?.credentials, undefined);
    });

    it('one side refused: names it and offers the sign-in for the other only', function () {
      const d = reach('ask_scope');
      d.refusals = [{ target: 'outgoing', host: 'smtp.acme.com', port: 587, reason: 'port_not_allowed' }];
      const effects = d.pick('both');
      const said = find(effects, 'say');
      assert.deepEqual(shownKeys(said ? [said] : []), ['targets:refused_port', 'targets:admin', 'targets:login_only']);
      assert.deepEqual(JSON.stringify(said).match(/"servers":"[^"]*"/u)?.[0], '"servers":"imap.acme.com:993"');
      assert.equal(d.step, 'offer_login');
      assert.ok(lastAsk(effects)?.choices.some((c) => c.id === 'login'));
    });

    it('an answer from an older check is ignored; a reply meanwhile hears that it is still checking', function () {
      // The machine itself, without the driver answering the check at once: DNS is slow.
      const d = reach('ask_scope');
      const waiting = transition(d.state, { type: 'choice', choiceId: 'both' }, { now: d.now });
      assert.equal(waiting.state?.step, 'checking_targets');
      const requestId = find(waiting.effects, 'check_targets')!.requestId;
      const reply = transition(waiting.state, { type: 'text', text: 'hello?' }, { now: d.now });
      assert.deepEqual(shownKeys(reply.effects), ['targets:still_checking']);
      const stale = transition(waiting.state, { type: 'targets_checked', requestId: requestId - 1, refusals: [] }, { now: d.now });
      assert.equal(stale.state?.step, 'checking_targets');
      const fresh = transition(waiting.state, { type: 'targets_checked', requestId, refusals: [] }, { now: d.now });
      assert.equal(fresh.state?.step, 'offer_login');
    });
  });

  describe('with the real check, through the runner', function () {
    let dns: TestDnsServer;
    before(async function () {
      dns = await startDnsServer({ records: { 'imap.acme.com': { A: ['127.0.0.1'] }, 'smtp.acme.com': { A: ['127.0.0.1'] }, 'pool.acme.com': { A: ['127.0.0.1', '127.0.0.2'] } } });
    });
    after(async function () {
      await dns.close();
    });

    it('refuses by the resolved address and the port, as the diagnosis would; an allowed net lets it through', async function () {
      const check = createCheckTargets({ dnsServers: [dns.server], timeoutMs: 1000 });
      const imap = (host: string, port = 993) => ({ protocol: 'imap' as const, host, port, security: 'tls' as const });
      assert.deepEqual(await check({ incoming: imap('imap.acme.com') }), [{ target: 'incoming', host: 'imap.acme.com', port: 993, address: '127.0.0.1', reason: 'loopback' }]);
      assert.deepEqual(await check({ incoming: imap('127.0.0.1') }), [{ target: 'incoming', host: '127.0.0.1', port: 993, address: '127.0.0.1', reason: 'loopback' }]);
      assert.deepEqual(await check({ incoming: imap('203.0.113.9', 8080) }), [{ target: 'incoming', host: '203.0.113.9', port: 8080, reason: 'port_not_allowed' }]);
      // A name that does not resolve is the diagnosis's to report, not a refusal.
      assert.deepEqual(await check({ incoming: imap('nowhere.acme.com') }), []);
      const allowed = createCheckTargets({ dnsServers: [dns.server], timeoutMs: 1000, allowNets: ['127.0.0.1/32'] });
      assert.deepEqual(await allowed({ incoming: imap('imap.acme.com') }), []);
      // One address allowed is enough, as the diagnosis then probes that one.
      assert.deepEqual(await allowed({ incoming: imap('pool.acme.com') }), []);
    });

    it('127.0.0.1 993 ssl with the default policy: the refusal comes first and no password is asked for', async function () {
      const store = new MemoryConversationStore<ConversationState>();
      const requests: DiagnoseRequest[] = [];
      const diagnose: Diagnose = async (request) => {
        requests.push(request);
        return report([]);
      };
      const runner = new ConversationRunner({
        store,
        preferences: new MemoryPreferenceStore(),
        discover: async () => ({ ...ACME_DISCOVERY, incoming: [], outgoing: [] }),
        diagnose,
        checkTargets: createCheckTargets({ dnsServers: [dns.server], timeoutMs: 1000 }),
      });
      const output = new RecordingOutput();
      const key = { platform: 'test', channel: 'C1', thread: 'T1' };
      const send = async (event: Parameters<ConversationRunner['handle']>[1]) => {
        await runner.handle(key, event, output);
        await runner.settled();
      };
      await send({ type: 'started', user: { id: 'U1' }, text: 'alice@acme.com', capabilities: ALL_CAPABILITIES });
      await send({ type: 'text', text: 'incoming' });
      await send({ type: 'text', text: '127.0.0.1 993 ssl' });
      const said = output.of('say').map((s) => s.text).join('\n');
      assert.match(said, /The bot will not connect to 127\.0\.0\.1:993: 127\.0\.0\.1 is a loopback address \(the bot's own computer\)\./u);
      assert.match(said, /So it does not ask for your password/u);
      assert.deepEqual(output.of('form'), [], 'no form opened');
      assert.ok(!output.of('ask').some((a) => a.question.choices.some((c) => c.id === 'login')), 'no sign-in question');
      assert.equal(requests.length, 1);
      assert.equal(requests[0]?.credentials, undefined);
      await runner.close();
    });
  });
});
