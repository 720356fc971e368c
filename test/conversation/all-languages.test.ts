import assert from 'node:assert/strict';
import type { Effect } from '../../src/conversation/effects';
import { LIMITS } from '../../src/conversation/limits';
import { blocksToPlainText } from '../../src/conversation/runner/conversation-output';
import { renderBlocks, renderChoice, renderFinding, renderForm, renderProgress, renderQuestion, renderString } from '../../src/conversation/runner/render-effects';
import { Secret } from '../../src/conversation/secret';
import type { Step } from '../../src/conversation/state';
import { LANGUAGES, LOCALES_DIR, translator } from '../../src/i18n/translator';
import { keysOf, type Text } from '../../src/conversation/text';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildReportDocument } from '../../src/report-document/build-report-document';
import { renderDocumentText } from '../../src/report-document/render-text';
import { ALL_CAPABILITIES, Driver } from './support/driver';
import { CERT_EXPIRED, check, EMPTY_DISCOVERY, report } from './support/fixtures';
import { reach } from './support/reach';

/** Outputs that lead to every client-side finding wording. */
const PASTES = [
  'nc: connect to imap.acme.com port 993 (tcp) failed: Connection refused',
  'nc: connect to imap.acme.com port 993 (tcp) timed out: Operation now in progress',
  'nc: connect to imap.acme.com port 993 (tcp) failed: No route to host',
  'ComputerName : imap.acme.com\nRemoteAddress : 1.2.3.4\nRemotePort : 993\nTcpTestSucceeded : False',
  ';; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: 1',
  ';; ->>HEADER<<- opcode: QUERY, status: SERVFAIL, id: 1',
  ';; ->>HEADER<<- opcode: QUERY, status: REFUSED, id: 1',
  ';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 1',
  ';; no servers could be reached',
  'nc: getaddrinfo for host "imap.acme.com" port 993: Name or service not known',
  'issuer=CN = Kaspersky Anti-Virus Personal Root Certificate',
  'subject=CN = imap.acme.com\nissuer=CN = imap.acme.com\nVerify return code: 18 (self-signed certificate)',
  'subject=CN = imap.acme.com\nissuer=CN = Other CA\nVerify return code: 21 (unable to verify the first certificate)',
  'Connection to imap.acme.com 993 port [tcp/imaps] succeeded!',
  'nothing useful',
];

/** Every effect the machine can produce on the common paths, bad answers and endings included. */
function everyEffect(): Effect[] {
  const effects: Effect[] = [];
  const steps: Step[] = ['ask_email', 'discovering', 'confirm_settings', 'ask_scope', 'ask_incoming', 'ask_outgoing', 'offer_login', 'login_form', 'running', 'report', 'ask_os', 'await_client_output'];
  for (const step of steps) {
    const d = reach(step);
    for (const reply of ['', 'x'.repeat(600), '???', 'help', 'acme.com', 'imap.acme.com 99999', 'imap.acme.com banana', 'a b c d', 'smtp.acme.com:587', 'imap x.com y.com', '993 143', 'alice@acme.com', 'mail.acme.com']) {
      const copy = reach(step);
      copy.reply(reply, 'M1');
      effects.push(...copy.log);
    }
    d.pick('form');
    d.pick('stale');
    d.send({ type: 'form_submitted', formId: 'login', values: { user: '', password: new Secret('') } });
    d.send({ type: 'form_submitted', formId: 'login', values: { user: 'x', password: new Secret('') } });
    d.send({ type: 'diagnosis_progress', runId: d.requestId, check: check('dns') });
    d.send({ type: 'diagnosis_failed', runId: d.requestId });
    d.pick('helpdesk');
    d.send({ type: 'escalation_finished', ok: true });
    d.send({ type: 'escalation_finished', ok: false });
    d.reply('lang xx');
    d.reply('cancel');
    effects.push(...d.log);
    const idle = reach(step);
    idle.advance(31 * 60_000);
    idle.send({ type: 'timed_out' });
    effects.push(...idle.log);
  }
  for (const start of ['help', 'lang de', 'lang xx', 'nonsense', 'imap.acme.com:993']) {
    const d = new Driver();
    d.start(start);
    effects.push(...d.log);
  }
  const ok = reach('running');
  ok.send({ type: 'diagnosis_finished', runId: ok.requestId, report: report([]) });
  ok.pick('another');
  ok.reply('bob@example.org');
  ok.send({ type: 'discovery_failed', requestId: ok.requestId, reason: 'x' });
  ok.pick('done');
  effects.push(...ok.log);
  for (const os of ['windows', 'macos', 'linux']) {
    for (const paste of PASTES) {
      const client = reach('ask_os');
      client.pick(os);
      client.reply(paste);
      effects.push(...client.log);
    }
  }
  effects.push(...edgeCases());
  const noConversation = new Driver();
  noConversation.pick('again');
  effects.push(...noConversation.log);
  return effects;
}

function flatten(value: unknown, prefix = '', into: Record<string, string> = {}): Record<string, string> {
  if (typeof value === 'string') into[prefix] = value;
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, into);
  return into;
}

/** Every key an effect shows, the findings' texts and form options included. */
function keysIn(effect: Effect): string[] {
  const texts: Text[] = [];
  if (effect.type === 'say') texts.push(effect.text);
  if (effect.type === 'ask') {
    texts.push(effect.question, ...(effect.hint ? [effect.hint] : []), ...effect.choices.map((c) => c.label));
    // The chat's own words for picking a choice; the runner renders them (render-effects).
    if (effect.choiceHint) texts.push({ key: 'conversation:common.choice_hint', values: { count: effect.choices.length } });
  }
  if (effect.type === 'open_form') {
    texts.push(effect.form.title, effect.form.submitLabel, ...(effect.form.description ? [effect.form.description] : []));
    for (const f of effect.form.fields) texts.push(f.label, ...(f.placeholder ? [f.placeholder] : []), ...(f.options ?? []).map((o) => o.label));
  }
  if (effect.type === 'progress') texts.push(effect.title);
  if (effect.type === 'outcome') texts.push(effect.text);
  if (effect.type === 'report' || effect.type === 'escalate') {
    for (const f of effect.extraFindings) texts.push(f.evidence, ...(f.fix ? [f.fix.summary, ...f.fix.steps] : []));
    if (effect.type === 'report') texts.push(...effect.actions.map((a) => a.label));
  }
  return texts.flatMap(keysOf);
}

/** Paths the loops above do not take. */
function edgeCases(): Effect[] {
  const drivers: Driver[] = [];
  for (const failed of [false, true]) {
    const d = new Driver();
    d.start('alice@acme.com');
    if (failed) d.send({ type: 'discovery_failed', requestId: d.requestId, reason: 'x' });
    else d.send({ type: 'discovery_finished', requestId: d.requestId, result: EMPTY_DISCOVERY });
    d.reply('incoming');
    d.reply('993');
    d.reply('smtp smtp.acme.com');
    d.send({ type: 'form_submitted', formId: 'incoming', values: { host: '', port: '' } });
    drivers.push(d);
  }
  const unknown = reach('confirm_settings');
  unknown.reply('no idea');
  const outgoing = reach('ask_outgoing');
  outgoing.reply('imap imap.acme.com');
  const done = reach('report');
  done.pick('done');
  const mismatch = reach('running');
  const healthy = report([]);
  healthy.checks = [{ ...check('dns'), detail: '203.0.113.10' }, check('tcp'), check('tls')];
  mismatch.send({ type: 'diagnosis_finished', runId: mismatch.requestId, report: healthy });
  mismatch.pick('linux');
  mismatch.reply(';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 1\nimap.acme.com. 300 IN A 10.0.0.1');
  // The outcomes only these reach: a warning, a problem of the whole account, a limit, a restart.
  const ends = [report([{ ...CERT_EXPIRED, severity: 'warning' }]), report([{ ...CERT_EXPIRED, target: 'account' }])].map((r) => {
    const d = reach('running');
    d.send({ type: 'diagnosis_finished', runId: d.requestId, report: r });
    return d;
  });
  const refused = reach('running');
  refused.send({ type: 'diagnosis_refused', runId: refused.requestId });
  const interrupted = reach('running');
  interrupted.send({ type: 'diagnosis_interrupted', runId: interrupted.requestId });
  // A surface without buttons (the console) hears what to type instead.
  const typed = { ...ALL_CAPABILITIES, typedChoices: true };
  const typedForm = reach('offer_login', new Driver(typed));
  typedForm.reply('yes');
  typedForm.send({ type: 'form_closed', formId: 'login' });
  const typedReport = reach('report', new Driver(typed));
  typedReport.reply('help');
  typedReport.reply('xyzzy');
  const typedPaste = reach('await_client_output', new Driver(typed));
  return [...drivers, unknown, outgoing, done, mismatch, ...ends, refused, interrupted, typedForm, typedReport, typedPaste].flatMap((d) => d.log);
}

/** All text one effect shows, rendered in a language. */
function shown(effect: Effect, language: string): string[] {
  const t = translator(language);
  switch (effect.type) {
    case 'say':
      return [blocksToPlainText(renderBlocks(t, effect.text))];
    case 'ask': {
      const q = renderQuestion(t, effect);
      return [blocksToPlainText(q.message), q.hint ?? '', ...q.choices.map((c) => c.label)];
    }
    case 'open_form': {
      const f = renderForm(t, effect.form);
      return [f.title, f.description ?? '', f.submitLabel, ...f.fields.flatMap((x) => [x.label, x.placeholder ?? '', ...(x.options ?? []).map((o) => o.label)])];
    }
    case 'outcome':
      return [renderString(t, effect.text)];
    case 'progress': {
      const p = renderProgress(t, effect);
      return [p.title, ...p.checks.map((c) => `${c.label} ${c.statusLabel}`)];
    }
    case 'report':
    case 'escalate': {
      const extra = effect.extraFindings.map((f) => renderFinding(t, f));
      const doc = buildReportDocument(effect.report, t, { language, extraFindings: extra });
      return [renderDocumentText(doc), ...(effect.type === 'report' ? effect.actions.map((a) => renderChoice(t, a).label) : [])];
    }
    default:
      return [];
  }
}

describe('conversation: every message in every language', () => {
  const effects = everyEffect();

  it('reaches every conversation text in the locale', () => {
    const used = new Set(effects.flatMap(keysIn).map((k) => k.replace(/^conversation:/u, '')));
    const english = Object.keys(flatten(JSON.parse(readFileSync(join(LOCALES_DIR, 'en', 'conversation.json'), 'utf8'))));
    const plural = /_(one|other)$/u;
    // The runner says these itself: when the store or the machine fails, and the password page's
    // link in place of the login form (runner.test.ts, runner-login-page.test.ts).
    const runnerOnly = new Set(['common.internal_error', 'login.link', 'login.link_button']);
    assert.deepEqual([...new Set(english.map((k) => k.replace(plural, '')))].filter((k) => !used.has(k) && !runnerOnly.has(k)), []);
  });

  for (const language of LANGUAGES) {
    it(`${language}: no missing key, no unfilled {{value}}, within platform limits`, () => {
      const problems: string[] = [];
      for (const effect of effects) {
        for (const text of shown(effect, language)) {
          if (/\b(conversation|report|console):[a-z_]+\./u.test(text)) problems.push(`raw key: ${text.slice(0, 80)}`);
          if (text.includes('{{')) problems.push(`unfilled: ${text.slice(0, 80)}`);
          if (effect.type !== 'report' && effect.type !== 'escalate' && text.length > LIMITS.messageText) problems.push(`too long: ${text.slice(0, 80)}`);
        }
        if (effect.type === 'ask') assert.ok(effect.choices.length <= LIMITS.choicesPerQuestion);
        if (effect.type === 'report') assert.ok(effect.actions.length <= LIMITS.choicesPerQuestion);
        if (effect.type === 'open_form') assert.ok(effect.form.fields.length <= LIMITS.fieldsPerForm);
      }
      assert.deepEqual([...new Set(problems)], []);
    });
  }

  it('speaks the user\'s language: a German conversation shows German text', () => {
    const d = new Driver();
    d.start('', { locale: 'de-DE' });
    const t = translator(d.state?.language);
    const ask = d.log.find((e): e is Extract<Effect, { type: 'ask' }> => e.type === 'ask');
    assert.ok(ask);
    // The welcome opens the first question.
    assert.equal(blocksToPlainText(renderQuestion(t, ask).message), `${t('conversation:welcome')}\nWie lautet die E-Mail-Adresse des Kontos, das nicht funktioniert?`);
  });
});
