import assert from 'node:assert/strict';
import { formProblems } from '../../src/conversation/form-check';
import { renderFormProblems } from '../../src/conversation/runner/render-effects';
import { Secret } from '../../src/conversation/secret';
import { translator } from '../../src/i18n/translator';
import { find, shownKeys } from './support/driver';
import { reach } from './support/reach';

/**
 * Issue 14.5 for every platform: a form is checked field by field with the rules of a typed
 * answer, and a rejected one keeps what was typed (never a password) for its next opening.
 */
describe('conversation: forms checked on submit, answers kept', function () {
  it('names each wrong field at once, with the same words as a typed answer', function () {
    const problems = formProblems('incoming', { protocol: 'imap', host: 'imap acme com', port: 'abc', security: 'tls' });
    assert.deepEqual(Object.keys(problems ?? {}).sort(), ['host', 'port']);
    assert.deepEqual(problems?.port, { key: 'conversation:server.bad_port', values: { input: 'abc' } });
    assert.equal(formProblems('incoming', { protocol: 'imap', host: 'imap.acme.com', port: '993', security: 'tls' }), undefined);
    assert.deepEqual(Object.keys(formProblems('outgoing', { host: 'alice@acme.com', port: '587', security: 'starttls' }) ?? {}), ['host']);
    assert.deepEqual(Object.keys(formProblems('login', { user: 'alice', password: new Secret('') }) ?? {}), ['password']);
    assert.equal(formProblems('login', { user: 'alice', password: new Secret('x') }), undefined);
  });

  it('renders them in the user\'s language, by field', function () {
    const de = renderFormProblems(translator('de'), 'outgoing', { host: 'smtp.acme.com', port: '99999', security: 'tls' });
    assert.deepEqual(Object.keys(de ?? {}), ['port']);
    assert.match(de?.port ?? '', /99999/u);
    assert.doesNotMatch(de?.port ?? '', /\bport number\b/u);
  });

  it('a rejected server form: says what is wrong, and opens again with what was typed', function () {
    const d = reach('ask_incoming');
    const effects = d.send({ type: 'form_submitted', formId: 'incoming', values: { protocol: 'pop3', host: 'mail.acme.com', port: 'abc', security: 'starttls' } });
    assert.deepEqual(shownKeys(effects).slice(0, 2), ['conversation:server.bad_port', 'forms:kept']);
    assert.equal(d.step, 'ask_incoming');
    const form = find(d.pick('form'), 'open_form')?.form;
    assert.deepEqual(form?.fields.map((f) => [f.name, f.initial]), [['protocol', 'pop3'], ['host', 'mail.acme.com'], ['port', 'abc'], ['security', 'starttls']]);
    assert.deepEqual(form?.description, { key: 'conversation:server.bad_port', values: { input: 'abc' } });
    // Corrected: accepted, and the draft is gone.
    d.send({ type: 'form_submitted', formId: 'incoming', values: { protocol: 'pop3', host: 'mail.acme.com', port: '995', security: 'tls' } });
    assert.equal(d.state?.formDraft, undefined);
    assert.deepEqual(d.state?.settings.incoming, { protocol: 'pop3', host: 'mail.acme.com', port: 995, security: 'tls' });
  });

  it('a login form without a password: asked again with the user name kept, the password never', function () {
    const d = reach('login_form');
    d.send({ type: 'form_submitted', formId: 'login', values: { user: 'bob@acme.com', password: new Secret('') } });
    assert.equal(d.step, 'login_form');
    assert.deepEqual(d.state?.formDraft?.values, { user: 'bob@acme.com' }, 'only the user name is kept');
    const form = find(d.pick('open_login_form'), 'open_form')?.form;
    assert.equal(form?.fields[0]?.initial, 'bob@acme.com');
    assert.equal(shownKeys(form ? [{ type: 'say', text: form.description! }] : [])[0], 'forms:password_required');
  });
});
