import assert from 'node:assert/strict';
import { appInOutput, appNamed } from '../../src/app-steps/detect-app';
import type { Effect } from '../../src/conversation/effects';
import { keysOf, type Text } from '../../src/conversation/text';
import type { Finding } from '../../src/diagnosis/report';
import { MemoryPreferenceStore } from '../../src/store/preference-store';
import { Driver } from './support/driver';
import { CERT_EXPIRED, report, STARTTLS_ON_993 } from './support/fixtures';

const SETTINGS = { email: 'alice@acme.com', incoming: { protocol: 'imap' as const, host: 'imap.acme.com', port: 993, security: 'starttls' as const } };

/** A server-only run, finished with `findings`. */
function reportShown(d: Driver, findings: Finding[] = [STARTTLS_ON_993]): Effect[] {
  d.reply('imap.acme.com:993');
  assert.equal(d.step, 'running');
  return inThread(d.send({ type: 'diagnosis_finished', runId: d.requestId, report: report(findings, SETTINGS) }));
}

/** What the thread shows; the channel root's outcome has its own test (machine-outcome.test.ts). */
const inThread = (effects: readonly Effect[]): Effect[] => effects.filter((e) => e.type !== 'outcome');

const ofType = <T extends Effect['type']>(effects: readonly Effect[], type: T) => effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type);
const sayKeys = (effects: readonly Effect[]): string[] => ofType(effects, 'say').flatMap((e) => keysOf(e.text));
const codes = (message: Text): string[] => ('code' in message ? [message.code] : 'lines' in message ? message.lines.flatMap(codes) : Object.values(message.values ?? {}).flatMap((v) => (typeof v === 'object' ? codes(v) : [])));

describe('conversation: which app?', () => {
  it('after a report whose fix changes a setting it asks which app, with a button per app and "I don\'t know"', () => {
    const d = new Driver();
    d.start();
    const effects = reportShown(d);
    assert.deepEqual(effects.map((e) => e.type), ['progress', 'report', 'ask']);
    assert.equal(ofType(effects, 'report')[0]?.app, undefined, 'the report itself keeps the generic fix');
    assert.deepEqual(ofType(effects, 'report')[0]?.actions.map((a) => a.id), ['again', 'another', 'helpdesk', 'details', 'done'], 'and its buttons');
    const ask = ofType(effects, 'ask')[0]!;
    assert.deepEqual(keysOf(ask.question), ['apps:question']);
    assert.equal(ask.choices.length, 13);
    assert.ok(ask.choices.some((c) => c.id === 'app_outlook_classic') && ask.choices.some((c) => c.id === 'app_sending_device'));
    assert.deepEqual(ask.choices.slice(-2).map((c) => c.id), ['app_unknown', 'cancel']);
    assert.equal(d.step, 'ask_app');
  });

  it('the report\'s buttons still work under the question: "done" ends, "Run again" runs, numbers answer the question', () => {
    const d = new Driver();
    d.start();
    reportShown(d);
    assert.equal(ofType(d.pick('again'), 'diagnose').length, 1);
    const other = new Driver();
    other.start();
    reportShown(other);
    other.reply('5');
    assert.equal(other.state?.app?.id, 'iphone_mail', 'the fifth app button');
    const third = new Driver();
    third.start();
    reportShown(third);
    assert.equal(third.reply('done').at(-1)?.type, 'end');
  });

  it('a rejected password alone does not ask which app (the user name is only a suspect); a known app gets the user-name steps', () => {
    const wrong: Finding = { cause: 'auth.invalid_credentials', severity: 'error', target: 'incoming', evidence: 'rejected', fix: { summary: 'Check', steps: [] }, facts: {} };
    const d = new Driver();
    d.start();
    assert.deepEqual(reportShown(d, [wrong]).map((e) => e.type), ['progress', 'report']);
    const known = new Driver();
    known.start();
    known.reply('Thunderbird');
    const effects = reportShown(known, [wrong]);
    assert.equal(ofType(effects, 'report')[0]?.app, 'thunderbird');
  });

  it('a fix that changes nothing in the app (an expired certificate) asks nothing', () => {
    const d = new Driver();
    d.start();
    const effects = reportShown(d, [{ ...CERT_EXPIRED, fix: { summary: 'Renew', steps: [] } }]);
    assert.deepEqual(effects.map((e) => e.type), ['progress', 'report']);
    assert.equal(d.step, 'report');
  });

  it('picking classic Outlook shows its steps, remembers the answer and goes on to the next question', () => {
    const d = new Driver();
    d.start();
    reportShown(d);
    const effects = d.pick('app_outlook_classic');
    assert.deepEqual(ofType(effects, 'remember_app'), [{ type: 'remember_app', app: 'outlook_classic', user: { id: 'U1', name: 'alice' } }]);
    const keys = sayKeys(effects);
    assert.ok(keys.includes('apps:label.outlook_classic.more_settings'), keys.join(' '));
    assert.ok(keys.includes('apps:label.outlook_classic.ssl_tls'));
    assert.ok(keys.includes('causes:tls.starttls_on_implicit_port.title'));
    assert.equal(d.step, 'report');
    assert.deepEqual(d.state?.app, { id: 'outlook_classic', from: 'asked' });
    // The help desk hears which app it is.
    const escalate = ofType(d.pick('helpdesk'), 'escalate')[0];
    assert.equal(escalate?.app, 'outlook_classic');
  });

  it('typed answers: "iphone" picks iPhone Mail; plain "Outlook" asks which one; "keine Ahnung" is I don\'t know', () => {
    const d = new Driver();
    d.start();
    reportShown(d);
    const outlook = d.reply('Outlook');
    assert.ok(sayKeys(outlook).includes('apps:which_outlook'));
    assert.equal(d.step, 'ask_app');
    assert.ok(sayKeys(d.reply('bla bla')).includes('apps:invalid'));
    const phone = d.reply('on my iPhone');
    assert.ok(sayKeys(phone).includes('apps:label.iphone_mail.use_ssl'));
    assert.equal(d.state?.app?.id, 'iphone_mail');

    const other = new Driver();
    other.start();
    reportShown(other);
    const unknown = other.reply('keine Ahnung');
    assert.ok(sayKeys(unknown).includes('apps:dont_know_reply'));
    assert.deepEqual(ofType(unknown, 'remember_app'), []);
    assert.deepEqual(other.state?.app, { id: 'unknown', from: 'asked' });
    // Run again: the answer holds, so the question is not asked twice.
    other.pick('again');
    const again = inThread(other.send({ type: 'diagnosis_finished', runId: other.requestId, report: report([STARTTLS_ON_993], SETTINGS) }));
    assert.deepEqual(again.map((e) => e.type), ['progress', 'report']);
  });

  it('a provider named in passing is not taken for an app', () => {
    const d = new Driver();
    d.start();
    d.reply('it is my gmail address');
    assert.equal(d.state?.app, undefined);
  });

  it('an app said earlier in the conversation skips the question: the report carries its steps', () => {
    const d = new Driver();
    d.start();
    d.reply('I use Thunderbird');
    assert.deepEqual(d.state?.app, { id: 'thunderbird', from: 'said' });
    const effects = reportShown(d);
    assert.deepEqual(effects.map((e) => e.type), ['progress', 'report', 'remember_app']);
    assert.equal(ofType(effects, 'report')[0]?.app, 'thunderbird');
    assert.equal(d.step, 'report');
  });

  it('the app remembered for the user skips the question and says so; another app named at the report shows its steps', () => {
    const d = new Driver();
    d.send({ type: 'started', user: { id: 'U1' }, text: '', capabilities: d.capabilities, preferredApp: 'iphone_mail' });
    const effects = reportShown(d);
    assert.equal(ofType(effects, 'report')[0]?.app, 'iphone_mail');
    assert.deepEqual(sayKeys(effects), ['apps:remembered', 'apps:app.iphone_mail']);
    const switched = d.reply('eM Client');
    assert.ok(sayKeys(switched).includes('apps:label.em_client.security_policy'));
    assert.deepEqual(ofType(switched, 'remember_app'), [{ type: 'remember_app', app: 'em_client', user: { id: 'U1' } }]);
  });

  it('a remembered id that no longer exists is ignored and the question is asked', () => {
    const d = new Driver();
    d.send({ type: 'started', user: { id: 'U1' }, text: '', capabilities: d.capabilities, preferredApp: 'lotus_notes' });
    assert.equal(d.state?.app, undefined);
    assert.equal(reportShown(d).at(-1)?.type, 'ask');
  });

  it('a device or program that sends mail gets the settings as nodemailer, PHPMailer and smtplib code', () => {
    const d = new Driver();
    d.start();
    d.reply('smtp.acme.com:587');
    const smtp: Finding = { cause: 'tcp.filtered', severity: 'error', target: 'outgoing', evidence: '587 filtered', fix: { summary: 'Use 465', steps: [], settings: { port: 465, security: 'tls' } }, facts: {} };
    d.send({ type: 'diagnosis_finished', runId: d.requestId, report: report([smtp], { email: 'alice@acme.com', outgoing: { protocol: 'smtp', host: 'smtp.acme.com', port: 587, security: 'starttls' } }) });
    const effects = d.pick('app_sending_device');
    const code = ofType(effects, 'say').flatMap((e) => codes(e.text)).join('\n');
    assert.match(code, /secure: true/u);
    assert.match(code, /ENCRYPTION_SMTPS/u);
    assert.match(code, /SMTP_SSL\("smtp\.acme\.com", 465/u);
  });
});

describe('which app: read from what people type and paste', () => {
  it('names in sentences, in several languages; an email address is not an app', () => {
    assert.equal(appNamed('ich nutze das neue Outlook'), 'outlook_new');
    assert.equal(appNamed('classic outlook on windows'), 'outlook_classic');
    assert.equal(appNamed('Outlook für Mac'), 'outlook_mac');
    assert.equal(appNamed('Outlook on my iPhone'), 'outlook_mobile');
    assert.equal(appNamed('mon imprimante'), 'sending_device');
    assert.equal(appNamed('alice@gmail.com'), undefined);
    assert.equal(appNamed('outlook'), 'outlook');
    assert.equal(appNamed('Thunderbird or Samsung'), undefined, 'two apps: ask, do not guess');
    // Said in passing, Gmail and Samsung are a provider and a phone as often as an app.
    assert.equal(appNamed('my gmail account', { inPassing: true }), undefined);
    assert.equal(appNamed('in the Gmail app', { inPassing: true }), 'gmail_app');
    assert.equal(appNamed('on my Samsung', { inPassing: true }), undefined);
    assert.equal(appNamed('Samsung Email', { inPassing: true }), 'samsung_email');
    assert.equal(appNamed('gmail'), 'gmail_app', 'as the answer to "which app?" it is the app');
  });

  it('pasted client output that shows the app (an Outlook Send/Receive error) sets it', () => {
    assert.equal(appInOutput("Task 'alice@acme.com - Receiving' reported error (0x800CCC0E) : 'Outlook cannot synchronize'"), 'outlook_classic');
    assert.equal(appInOutput('TcpTestSucceeded : False'), undefined);
    const d = new Driver();
    d.start();
    d.reply('imap.acme.com:993');
    d.send({ type: 'diagnosis_finished', runId: d.requestId, report: report([{ ...CERT_EXPIRED, cause: 'ok', severity: 'info' }], SETTINGS) });
    assert.equal(d.step, 'ask_os');
    d.pick('windows');
    d.reply('ComputerName : imap.acme.com\nRemotePort : 993\nTcpTestSucceeded : False\nSend/Receive error (0x800CCC0E)');
    assert.deepEqual(d.state?.app, { id: 'outlook_classic', from: 'client_output' });
  });

  it('the store keeps the app per platform and user', async () => {
    const store = new MemoryPreferenceStore();
    await store.setApp('slack', 'U1', 'thunderbird');
    assert.equal(await store.getApp('slack', 'U1'), 'thunderbird');
    assert.equal(await store.getApp('discord', 'U1'), undefined);
  });
});
