import assert from 'node:assert/strict';
import { MAX_REPLY_LENGTH } from '../../src/conversation/limits';
import type { Choice, Effect } from '../../src/conversation/effects';
import { Driver, effectTypes, lastAsk, shownKeys } from './support/driver';
import { QUESTION_STEPS, reach } from './support/reach';

const BAD_REPLIES = ['', '   ', 'x'.repeat(5000), '🙂🙂🙂', '🤷', 'asdf qwer zxcv', '<!channel> @here `rm -rf`', '\u0000\u0007'];
/** A choice number that does not exist; at the server questions a number is a port, so not there. */
const OUT_OF_RANGE = '9';

/** The buttons of the last question shown: an ask, or the report's actions. */
function lastQuestionChoices(log: readonly Effect[]): Choice[] | undefined {
  const last = [...log].reverse().find((e) => e.type === 'ask' || e.type === 'report');
  return last?.type === 'ask' ? last.choices : last?.type === 'report' ? last.actions : undefined;
}

describe('conversation: bad input at every question', () => {
  for (const step of QUESTION_STEPS) {
    describe(step, () => {
      const replies = step === 'ask_incoming' || step === 'ask_outgoing' ? BAD_REPLIES : [...BAD_REPLIES, OUT_OF_RANGE];
      for (const reply of replies) {
        it(`explains and asks again after ${JSON.stringify(reply.length > 20 ? `${reply.slice(0, 10)}… (${reply.length})` : reply)}`, () => {
          const d = reach(step);
          const before = lastQuestionChoices(d.log);
          const effects = d.reply(reply);
          assert.equal(d.step, step, 'stays at the same question');
          assert.deepEqual(effectTypes(effects), ['say', 'ask']);
          assert.deepEqual(lastAsk(effects)?.choices, before, 'the same question again');
          assert.ok(!JSON.stringify(effects).includes('x'.repeat(100)), 'never echoes a long reply');
          // Pasted command output may be long; there a long reply is read, not refused.
          if (reply.length > MAX_REPLY_LENGTH && step !== 'await_client_output') assert.ok(shownKeys(effects).includes('conversation:common.too_long'));
          if (reply.trim() === '') assert.ok(shownKeys(effects).includes('conversation:common.empty'));
        });
      }

      it('adds "type help or cancel" after three bad answers in a row, and resets after a good one', () => {
        const d = reach(step);
        d.reply('???x');
        d.reply('???y');
        const third = d.reply('???z');
        assert.ok(shownKeys(third).includes('conversation:common.stuck'));
        assert.equal(d.state?.badAnswers, 3);
      });

      for (const word of ['help', '?', 'Hilfe!']) {
        it(`answers ${JSON.stringify(word)} with an explanation and the same question`, () => {
          const d = reach(step);
          const effects = d.reply(word);
          assert.deepEqual(shownKeys(effects).slice(0, 1), ['conversation:help.general']);
          assert.equal(d.step, step);
        });
      }

      it('says a button from an earlier question is stale', () => {
        const d = reach(step);
        const effects = d.pick('no_such_button');
        assert.ok(shownKeys(effects).includes('conversation:common.stale_choice'));
        assert.equal(d.step, step);
      });
    });
  }

  it('explains specific server mistakes', () => {
    const cases: [string, string][] = [
      ['imap.acme.com 99999', 'conversation:server.bad_port'],
      ['imap.acme.com 993 banana', 'conversation:server.unknown_word'],
      ['imap.acme.com smtp.acme.com', 'conversation:server.two_hosts'],
      ['imap.acme.com 993 143', 'conversation:server.two_ports'],
      ['alice@acme.com', 'conversation:server.email_given'],
      ['smtp.acme.com:587 smtp', 'conversation:server.wrong_side_incoming'],
    ];
    for (const [reply, key] of cases) {
      const d = reach('ask_incoming');
      assert.ok(shownKeys(d.reply(reply)).includes(key), reply);
    }
    const out = reach('ask_outgoing');
    assert.ok(shownKeys(out.reply('imap acme.com')).includes('conversation:server.wrong_side_outgoing'));
  });

  it('explains a domain where an address was asked for', () => {
    const d = reach('ask_email');
    const effects = d.reply('acme.com');
    assert.ok(shownKeys(effects).includes('conversation:email.domain_only'));
  });

  it('a bad form is explained like a bad typed reply', () => {
    const d = reach('ask_incoming');
    const effects = d.send({ type: 'form_submitted', formId: 'incoming', values: { protocol: 'imap', host: 'imap.acme.com', port: 'abc', security: 'tls' } });
    assert.ok(shownKeys(effects).includes('conversation:server.bad_port'));
    const empty = d.send({ type: 'form_submitted', formId: 'incoming', values: { host: '', port: '' } });
    assert.ok(shownKeys(empty).includes('conversation:server.empty'));
    assert.equal(d.step, 'ask_incoming');
  });

  it('tells a user typing while discovery or a diagnosis runs to wait', () => {
    const discovering = reach('discovering');
    assert.deepEqual(shownKeys(discovering.reply('hello?')), ['conversation:discovery.still_looking']);
    const running = reach('running');
    assert.deepEqual(shownKeys(running.reply('x'.repeat(5000))), ['conversation:common.too_long', 'conversation:run.still_running']);
    assert.deepEqual(shownKeys(running.reply('hello?')), ['conversation:run.still_running']);
    assert.equal(running.step, 'running');
  });

  it('ignores answers from the runner that belong to an older request', () => {
    const d = reach('discovering');
    const stale = d.send({ type: 'discovery_failed', requestId: 999, reason: 'x' });
    assert.deepEqual(stale, []);
    assert.equal(d.step, 'discovering');
    const running = reach('running');
    assert.deepEqual(running.send({ type: 'diagnosis_progress', runId: 999, check: { name: 'dns', target: 'incoming', status: 'pass', ms: 1, detail: '' } }), []);
    assert.deepEqual(running.send({ type: 'diagnosis_failed', runId: 999 }), []);
    assert.equal(running.step, 'running');
  });

  it('buttons and forms on a conversation that no longer exists get a short answer; thread chatter gets none', () => {
    const d = new Driver();
    assert.deepEqual(shownKeys(d.pick('expected')), ['conversation:common.no_conversation']);
    assert.deepEqual(d.reply('hello'), []);
    assert.deepEqual(d.send({ type: 'diagnosis_progress', runId: 1, check: { name: 'dns', target: 'incoming', status: 'pass', ms: 1, detail: '' } }), []);
    assert.equal(d.state, undefined);
  });
});
