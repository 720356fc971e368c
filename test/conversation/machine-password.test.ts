import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { Secret } from '../../src/conversation/secret';
import { ALL_CAPABILITIES, Driver, effectTypes, find, lastAsk, shownKeys } from './support/driver';
import { reach } from './support/reach';

const PASSWORD = 'Tr0ub4dor&3-very-secret';

/** Nothing the machine produced or kept may contain the password, however it is printed. */
function assertNowhere(d: ReturnType<typeof reach>, password = PASSWORD): void {
  for (const printed of [JSON.stringify(d.state), JSON.stringify(d.log), inspect(d.state, { depth: 30 }), inspect(d.log, { depth: 30 }), String(d.log.map(String))]) {
    assert.ok(!printed.includes(password), 'password leaked into state or effects');
  }
}

describe('conversation: the password', () => {
  it('is asked for only in a private form that explains what happens to it', () => {
    const d = reach('offer_login');
    assert.ok(shownKeys(lastAsk(d.log) ? [lastAsk(d.log)!] : []).includes('conversation:login.privacy'));
    const effects = d.pick('login');
    const form = find(effects, 'open_form')?.form;
    assert.equal(form?.id, 'login');
    assert.deepEqual(form?.fields.map((f) => [f.name, f.kind]), [['user', 'text'], ['password', 'secret']]);
    assert.equal(form?.fields[0]?.initial, 'alice@acme.com');
    // A chat modal cannot mask the field: the form says so plainly.
    assert.deepEqual(form?.description, { lines: [{ key: 'conversation:login.privacy' }, { key: 'conversation:login.not_masked' }] });
    assert.equal(d.step, 'login_form');
  });

  it('a platform whose private form hides the password (the console) gets no unmasked warning', () => {
    const d = reach('offer_login', new Driver({ ...ALL_CAPABILITIES, maskedForms: true }));
    const form = find(d.pick('login'), 'open_form')?.form;
    assert.deepEqual(form?.description, { key: 'conversation:login.privacy' });
  });

  it('goes from the form into the diagnose effect only, and is never stored', () => {
    const d = reach('login_form');
    const effects = d.send({ type: 'form_submitted', formId: 'login', values: { user: 'alice@acme.com', password: new Secret(PASSWORD) } });
    const diagnose = find(effects, 'diagnose');
    assert.equal(diagnose?.credentials?.user, 'alice@acme.com');
    assert.equal(diagnose?.credentials?.password.reveal(), PASSWORD);
    assert.equal(d.state?.run?.withLogin, true);
    assertNowhere(d);
  });

  it('is wrapped even when an adapter hands it over as a plain string', () => {
    const d = reach('login_form');
    const effects = d.send({ type: 'form_submitted', formId: 'login', values: { user: '', password: PASSWORD } });
    const diagnose = find(effects, 'diagnose');
    assert.ok(diagnose?.credentials?.password instanceof Secret);
    assert.equal(diagnose?.credentials?.user, 'alice@acme.com', 'an empty user name defaults to the address');
    assertNowhere(d);
  });

  it('typed in the thread while the form is open: hidden, never echoed or kept, and the user is told to change it', () => {
    const d = reach('login_form');
    const effects = d.reply(PASSWORD, 'msg-42');
    assert.deepEqual(effectTypes(effects), ['hide_message', 'say', 'ask']);
    assert.deepEqual(effects[0], { type: 'hide_message', messageId: 'msg-42' });
    assert.ok(shownKeys(effects).includes('conversation:login.leaked'));
    assert.deepEqual(lastAsk(effects)?.choices.map((c) => c.id), ['open_login_form', 'skip_login', 'cancel']);
    assert.equal(d.step, 'login_form');
    assertNowhere(d);
  });

  it('treats even password-looking words, long text and emoji as leaked, not as answers', () => {
    for (const reply of ['yes', 'help', 'lang de', 'imap.acme.com 993', 'x'.repeat(5000), '🔑🔑', 'alice@acme.com']) {
      const d = reach('login_form');
      const effects = d.reply(reply);
      assert.ok(shownKeys(effects).includes('conversation:login.leaked'), reply);
      assert.ok(!JSON.stringify(effects).includes(reply), 'not echoed');
      assert.equal(d.state?.language, 'en');
    }
  });

  it('lets the form buttons, their numbers and cancel still work', () => {
    const reopen = reach('login_form');
    assert.equal(find(reopen.reply('1'), 'open_form')?.form.id, 'login');
    const skip = reach('login_form');
    assert.ok(find(skip.reply('skip'), 'diagnose'));
    const cancel = reach('login_form');
    assert.deepEqual(effectTypes(cancel.reply('cancel')), ['outcome', 'say', 'end']);
    const clicked = reach('login_form');
    assert.ok(find(clicked.pick('skip_login'), 'diagnose'));
  });

  it('an empty password gets a message and the choice to reopen the form or skip', () => {
    const d = reach('login_form');
    const effects = d.send({ type: 'form_submitted', formId: 'login', values: { user: 'alice', password: new Secret('') } });
    assert.ok(shownKeys(effects).includes('conversation:login.empty_password'));
    assert.equal(find(effects, 'diagnose'), undefined);
    assert.equal(d.step, 'login_form');
  });

  it('closing the form offers to reopen it or skip, and a password typed next still counts as leaked', () => {
    const d = reach('login_form');
    const closed = d.send({ type: 'form_closed', formId: 'login' });
    assert.deepEqual(lastAsk(closed)?.choices.map((c) => c.id), ['open_login_form', 'skip_login', 'cancel']);
    assert.equal(d.step, 'login_form');
    assert.ok(shownKeys(d.reply(PASSWORD)).includes('conversation:login.leaked'));
    assertNowhere(d);
  });

  it('a login form submitted after the conversation moved on is dropped, password unused', () => {
    const d = reach('login_form');
    d.pick('skip_login');
    const late = d.send({ type: 'form_submitted', formId: 'login', values: { user: 'alice', password: new Secret(PASSWORD) } });
    assert.equal(find(late, 'diagnose'), undefined);
    assertNowhere(d);
    const orphan = reach('ask_email');
    orphan.reply('cancel');
    const afterEnd = orphan.send({ type: 'form_submitted', formId: 'login', values: { password: new Secret(PASSWORD) } });
    assert.deepEqual(shownKeys(afterEnd), ['conversation:common.no_conversation']);
  });

  it('"run again" after a login test asks for the password again rather than keeping it', () => {
    const d = reach('login_form');
    d.send({ type: 'form_submitted', formId: 'login', values: { user: 'alice', password: new Secret(PASSWORD) } });
    d.send({ type: 'diagnosis_finished', runId: d.requestId, report: { verdict: 'problem', settings: {}, findings: [], checks: [], vantage: { host: 'h', description: 'd' }, durationMs: 1 } });
    d.pick('again');
    assert.equal(d.step, 'offer_login');
    assertNowhere(d);
  });
});

describe('Secret', () => {
  it('prints as [redacted] everywhere but reveal()', () => {
    const secret = new Secret(PASSWORD);
    for (const printed of [JSON.stringify({ secret }), String(secret), `${secret}`, inspect({ secret }), inspect(secret)]) {
      assert.ok(!printed.includes(PASSWORD));
      assert.ok(printed.includes('[redacted]'));
    }
    assert.equal(secret.reveal(), PASSWORD);
  });
});
