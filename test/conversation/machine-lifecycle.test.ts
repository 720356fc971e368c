import assert from 'node:assert/strict';
import { IDLE_TIMEOUT_MS } from '../../src/conversation/limits';
import type { Step } from '../../src/conversation/state';
import { effectTypes, find, shownKeys } from './support/driver';
import { reach } from './support/reach';

const ALL_STEPS: Step[] = ['ask_email', 'discovering', 'confirm_settings', 'ask_scope', 'ask_incoming', 'ask_outgoing', 'offer_login', 'login_form', 'running', 'report'];

describe('conversation: cancel and idle timeout', () => {
  for (const step of ALL_STEPS) {
    it(`cancel works at ${step}, by word, button and event`, () => {
      for (const how of ['cancel', 'Abbrechen', 'キャンセル', 'annuler.', 'button', 'event'] as const) {
        const d = reach(step);
        const effects = how === 'button' ? d.pick('cancel') : how === 'event' ? d.send({ type: 'cancelled' }) : d.reply(how);
        // Before a result the channel's root hears it was cancelled; after a report it keeps the report's outcome.
        const outcome = step === 'report' ? [] : ['outcome'];
        const expected = step === 'running' ? ['cancel_diagnosis', ...outcome, 'say', 'end'] : [...outcome, 'say', 'end'];
        assert.deepEqual(effectTypes(effects), expected, `${step} ${how}`);
        assert.ok(shownKeys(effects).includes('conversation:common.cancelled'));
        assert.equal(d.state, undefined);
      }
    });

    it(`closes politely after 30 idle minutes at ${step}`, () => {
      const d = reach(step);
      const runId = d.state?.run?.id;
      d.advance(IDLE_TIMEOUT_MS - 1);
      assert.deepEqual(d.send({ type: 'timed_out' }), [], 'an early timer is ignored');
      assert.ok(d.state);
      d.advance(1);
      const effects = d.send({ type: 'timed_out' });
      assert.ok(shownKeys(effects).includes('conversation:common.idle_closed'));
      assert.equal(find(effects, 'end')?.type, 'end');
      if (step === 'running') assert.deepEqual(find(effects, 'cancel_diagnosis'), { type: 'cancel_diagnosis', runId });
      assert.equal(d.state, undefined);
    });
  }

  it('activity resets the idle clock', () => {
    const d = reach('ask_scope');
    d.advance(IDLE_TIMEOUT_MS - 1000);
    d.reply('asdf');
    d.advance(IDLE_TIMEOUT_MS - 1000);
    assert.deepEqual(d.send({ type: 'timed_out' }), []);
    assert.equal(d.step, 'ask_scope');
  });

  it('a reply after 30 minutes without a timer (e.g. after a restart) closes the conversation', () => {
    const d = reach('ask_scope');
    d.advance(IDLE_TIMEOUT_MS + 1);
    const effects = d.reply('both');
    assert.ok(shownKeys(effects).includes('conversation:common.idle_closed'));
    assert.equal(d.state, undefined);
  });

  it('a new /mailhelp on the same thread replaces the conversation and stops its diagnosis', () => {
    const d = reach('running');
    const runId = d.state?.run?.id;
    const effects = d.start();
    assert.deepEqual(find(effects, 'cancel_diagnosis'), { type: 'cancel_diagnosis', runId });
    assert.equal(d.step, 'ask_email');
  });

  it('the state is plain JSON and its schema is versioned', () => {
    const d = reach('report');
    assert.equal(d.state?.schema, 1);
    assert.deepEqual(JSON.parse(JSON.stringify(d.state)), d.state);
  });
});

describe('conversation: the Cancel button by number', () => {
  it('typing the number of the Cancel button cancels, wherever it is shown', () => {
    for (const [step, number] of [['ask_email', '1'], ['confirm_settings', '4'], ['ask_scope', '4'], ['ask_incoming', '3'], ['offer_login', '3']] as const) {
      const d = reach(step);
      const effects = d.reply(number);
      assert.ok(shownKeys(effects).includes('conversation:common.cancelled'), `${step} ${number}`);
      assert.equal(d.state, undefined);
    }
  });

  it('numbers that are not the Cancel button keep their meaning', () => {
    const d = reach('ask_incoming');
    d.reply('1');
    assert.equal(d.step, 'ask_incoming', 'opens the form');
    const scope = reach('ask_scope');
    scope.reply('2');
    assert.equal(scope.state?.scope, 'outgoing');
  });
});

describe('conversation: state from an older deploy', () => {
  it('a stored state with another schema or an unknown step ends politely instead of crashing', () => {
    for (const broken of [{ schema: 0 }, { step: 'ask_favourite_colour' }]) {
      const d = reach('ask_scope');
      d.state = { ...d.state!, ...broken } as typeof d.state;
      assert.deepEqual(shownKeys(d.pick('both')), ['conversation:common.no_conversation']);
      assert.equal(d.state, undefined);
    }
  });
});

describe('conversation: a run a limit refused', () => {
  it('marks the progress stopped, says why privately, and goes back to the report question, so the user can try again later', () => {
    const d = reach('running');
    const runId = d.requestId;
    assert.deepEqual(effectTypes(d.send({ type: 'diagnosis_refused', runId: runId + 5 })), [], 'another run\'s answer is ignored');
    const refusal = { admitted: false as const, reason: 'queue_full' as const };
    const effects = d.send({ type: 'diagnosis_refused', runId, refusal });
    assert.equal(d.step, 'report');
    assert.deepEqual(effectTypes(effects), ['progress', 'say', 'outcome', 'ask']);
    assert.deepEqual(find(effects, 'progress'), { type: 'progress', runId, title: { key: 'chat:run.not_started' }, checks: [], done: true, stopped: true });
    assert.deepEqual(find(effects, 'say'), { type: 'say', text: { key: 'limits:queue_full' }, private: true });
    assert.deepEqual(find(effects, 'ask')?.choices.map((c) => c.id), ['again', 'another', 'done']);
    assert.equal(find(d.pick('again'), 'diagnose')?.runId, runId + 1);
  });
});
