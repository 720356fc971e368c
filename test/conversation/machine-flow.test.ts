import assert from 'node:assert/strict';
import { ACME_DISCOVERY, CERT_EXPIRED, check, EMPTY_DISCOVERY, report } from './support/fixtures';
import { Driver, effectTypes, find, lastAsk, shownKeys } from './support/driver';

/** Drives from `/mailhelp alice@acme.com` to the question after discovery. */
function discovered(driver = new Driver()): Driver {
  driver.start('alice@acme.com');
  driver.send({ type: 'discovery_finished', requestId: driver.requestId, result: ACME_DISCOVERY });
  return driver;
}

describe('conversation: the main flow', () => {
  it('/mailhelp greets and asks for the address, in one message', () => {
    const d = new Driver();
    const effects = d.start();
    assert.deepEqual(effectTypes(effects), ['ask']);
    assert.deepEqual(shownKeys(effects).slice(0, 2), ['conversation:welcome', 'conversation:email.question']);
    assert.equal(d.step, 'ask_email');
  });

  it('an address leads to discovery, then to "does your app use these settings?"', () => {
    const d = new Driver();
    d.start();
    const looking = d.reply('alice@acme.com');
    assert.deepEqual(find(looking, 'discover'), { type: 'discover', requestId: 1, email: 'alice@acme.com' });
    assert.equal(d.step, 'discovering');
    const confirm = d.send({ type: 'discovery_finished', requestId: 1, result: ACME_DISCOVERY });
    assert.equal(d.step, 'confirm_settings');
    const ask = lastAsk(confirm);
    assert.deepEqual(ask?.choices.map((c) => c.id), ['expected', 'own', 'unknown', 'cancel']);
    assert.ok(shownKeys(confirm).includes('conversation:confirm.provider'));
    assert.ok(shownKeys(confirm).includes('conversation:security.tls'));
  });

  it('yes → both sides → skip login → progress → report with next actions', () => {
    const d = discovered();
    d.pick('expected');
    assert.equal(d.step, 'ask_scope');
    d.reply('both');
    assert.equal(d.step, 'offer_login');
    const started = d.pick('skip_login');
    assert.equal(d.step, 'running');
    const diagnose = find(started, 'diagnose');
    assert.deepEqual(diagnose?.settings, {
      email: 'alice@acme.com',
      incoming: { protocol: 'imap', host: 'imap.acme.com', port: 993, security: 'tls' },
      outgoing: { protocol: 'smtp', host: 'smtp.acme.com', port: 587, security: 'starttls' },
    });
    assert.equal(diagnose?.credentials, undefined);
    assert.deepEqual(find(started, 'progress')?.checks, []);
    const runId = diagnose?.runId ?? 0;
    const progress = d.send({ type: 'diagnosis_progress', runId, check: check('dns') });
    assert.deepEqual(find(progress, 'progress')?.checks.map((c) => c.name), ['dns']);
    d.send({ type: 'diagnosis_progress', runId, check: check('tcp') });
    const done = d.send({ type: 'diagnosis_finished', runId, report: report() });
    assert.deepEqual(effectTypes(done), ['progress', 'report', 'outcome']);
    assert.equal(find(done, 'progress')?.done, true);
    const shown = find(done, 'report');
    assert.equal(shown?.report.findings[0]?.cause, 'tls.cert_expired');
    assert.deepEqual(shown?.extraFindings, []);
    assert.deepEqual(shown?.actions.map((a) => a.id), ['again', 'another', 'helpdesk', 'details', 'done']);
    assert.equal(d.step, 'report');
  });

  it('only the sides in scope are tested', () => {
    const d = discovered();
    d.reply('1');
    d.reply('senden');
    const started = d.reply('no');
    assert.deepEqual(find(started, 'diagnose')?.settings, {
      email: 'alice@acme.com',
      outgoing: { protocol: 'smtp', host: 'smtp.acme.com', port: 587, security: 'starttls' },
    });
  });

  it('"I enter mine" asks for each side, typed or by form', () => {
    const d = discovered();
    d.pick('own');
    d.pick('both');
    assert.equal(d.step, 'ask_incoming');
    const noted = d.reply('imap.acme.com 143 ssl');
    assert.ok(shownKeys(noted).includes('conversation:server.noted'));
    assert.equal(d.step, 'ask_outgoing');
    const form = find(d.pick('form'), 'open_form')?.form;
    assert.equal(form?.id, 'outgoing');
    assert.deepEqual(form?.fields.map((f) => [f.name, f.initial]), [['host', 'smtp.acme.com'], ['port', '587'], ['security', 'starttls']]);
    d.send({ type: 'form_submitted', formId: 'outgoing', values: { host: 'mail.acme.com', port: '25', security: 'none' } });
    assert.equal(d.step, 'offer_login');
    assert.deepEqual(d.state?.settings.incoming, { protocol: 'imap', host: 'imap.acme.com', port: 143, security: 'tls' });
    assert.deepEqual(d.state?.settings.outgoing, { protocol: 'smtp', host: 'mail.acme.com', port: 25, security: 'none' });
  });

  it('a server typed at the confirm question counts as "mine", and a bare port keeps the expected host', () => {
    const d = discovered();
    d.reply('smtp.acme.com:465 ssl');
    assert.equal(d.step, 'ask_scope');
    d.reply('3');
    assert.equal(d.step, 'ask_incoming');
    d.reply('143');
    assert.deepEqual(d.state?.settings.incoming, { protocol: 'imap', host: 'imap.acme.com', port: 143, security: 'starttls' });
    assert.deepEqual(d.state?.settings.outgoing, { protocol: 'smtp', host: 'smtp.acme.com', port: 465, security: 'tls' });
  });

  it('"I don\'t know" tests the expected settings and says so', () => {
    const d = discovered();
    const effects = d.reply('no idea');
    assert.ok(shownKeys(effects).includes('conversation:confirm.unknown_ok'));
    d.reply('receiving');
    const started = d.reply('skip');
    assert.equal(find(started, 'diagnose')?.settings.incoming?.host, 'imap.acme.com');
  });

  it('when discovery finds nothing or fails, it asks for the settings', () => {
    for (const event of ['nothing', 'failed'] as const) {
      const d = new Driver();
      d.start('alice@acme.com');
      const effects =
        event === 'nothing'
          ? d.send({ type: 'discovery_finished', requestId: d.requestId, result: EMPTY_DISCOVERY })
          : d.send({ type: 'discovery_failed', requestId: d.requestId, reason: 'timeout' });
      assert.ok(shownKeys(effects).includes(event === 'nothing' ? 'conversation:discovery.nothing' : 'conversation:discovery.failed'));
      assert.equal(d.step, 'ask_scope');
      d.reply('incoming');
      assert.equal(d.step, 'ask_incoming');
      assert.deepEqual(lastAsk(d.log)?.choices.map((c) => c.id), ['form', 'cancel']);
    }
  });

  it('the expected settings can be picked at the server question', () => {
    const d = discovered();
    d.pick('own');
    d.pick('incoming');
    d.pick('use_expected');
    assert.equal(d.step, 'offer_login');
    assert.equal(d.state?.settings.incoming?.port, 993);
  });

  it('after the report: run again, check another account, done', () => {
    const d = discovered();
    d.pick('expected');
    d.pick('incoming');
    d.pick('skip_login');
    d.send({ type: 'diagnosis_finished', runId: d.requestId, report: report() });
    const again = d.reply('again');
    assert.equal(d.step, 'running');
    assert.equal(find(again, 'diagnose')?.settings.incoming?.host, 'imap.acme.com');
    d.send({ type: 'diagnosis_finished', runId: d.requestId, report: report() });
    d.pick('another');
    assert.equal(d.step, 'ask_email');
    assert.equal(d.state?.email, undefined);
    assert.deepEqual(d.state?.settings, {});
    d.reply('bob@example.org');
    assert.equal(d.step, 'discovering');
    d.send({ type: 'discovery_finished', requestId: d.requestId, result: ACME_DISCOVERY });
    d.pick('expected');
    d.pick('incoming');
    d.pick('skip_login');
    d.send({ type: 'diagnosis_finished', runId: d.requestId, report: report() });
    const done = d.pick('done');
    assert.deepEqual(effectTypes(done), ['say', 'end']);
    assert.equal(d.state, undefined);
  });

  it('send to help desk escalates the report once asked, and only where a triage channel exists', () => {
    const d = discovered();
    d.pick('expected');
    d.pick('incoming');
    d.pick('skip_login');
    d.send({ type: 'diagnosis_finished', runId: d.requestId, report: report() });
    const sent = d.reply('help desk');
    assert.equal(find(sent, 'escalate')?.report.findings[0]?.cause, 'tls.cert_expired');
    assert.equal(find(sent, 'escalate')?.user.id, 'U1');
    assert.equal(d.step, 'report');
    // "Sent" only once the post has worked; a failed post is said as such.
    assert.ok(!shownKeys(sent).includes('conversation:helpdesk.sent'));
    assert.ok(shownKeys(d.send({ type: 'escalation_finished', ok: true })).includes('conversation:helpdesk.sent'));
    assert.ok(shownKeys(d.send({ type: 'escalation_finished', ok: false })).includes('conversation:helpdesk.failed'));
    assert.equal(d.step, 'report');

    const noDesk = discovered(new Driver({ helpDesk: false, privateForms: true }));
    noDesk.pick('expected');
    noDesk.pick('incoming');
    const finished = (noDesk.pick('skip_login'), noDesk.send({ type: 'diagnosis_finished', runId: noDesk.requestId, report: report() }));
    assert.deepEqual(find(finished, 'report')?.actions.map((a) => a.id), ['again', 'another', 'details', 'done']);
    const refused = noDesk.reply('helpdesk');
    assert.equal(find(refused, 'escalate'), undefined);
    assert.ok(shownKeys(refused).includes('conversation:report.invalid'));
  });

  it('when everything works from here, the report says the fault is likely on the user\'s side', () => {
    const d = discovered();
    d.pick('expected');
    d.pick('incoming');
    d.pick('skip_login');
    const done = d.send({ type: 'diagnosis_finished', runId: d.requestId, report: report([]) });
    const extra = find(done, 'report')?.extraFindings ?? [];
    assert.deepEqual(extra.map((f) => f.cause), ['client.side_suspected']);
    assert.equal(extra[0]?.facts.servers, 'imap.acme.com:993');
  });

  it('a failed diagnosis is explained and the user can run it again', () => {
    const d = discovered();
    d.pick('expected');
    d.pick('incoming');
    d.pick('skip_login');
    const failed = d.send({ type: 'diagnosis_failed', runId: d.requestId });
    assert.ok(shownKeys(failed).includes('conversation:run.failed'));
    assert.deepEqual(lastAsk(failed)?.choices.map((c) => c.id), ['again', 'another', 'done']);
    d.pick('again');
    assert.equal(d.step, 'running');
  });

  it('keeps the report it showed, with the finding it came with', () => {
    const d = discovered();
    d.pick('expected');
    d.pick('incoming');
    d.pick('skip_login');
    d.send({ type: 'diagnosis_finished', runId: d.requestId, report: report([CERT_EXPIRED]) });
    assert.equal(d.state?.report?.findings[0]?.evidence, CERT_EXPIRED.evidence);
  });

  it('without private forms the login test is not offered', () => {
    const d = discovered(new Driver({ helpDesk: false, privateForms: false }));
    d.pick('expected');
    const started = d.pick('incoming');
    assert.equal(d.step, 'running');
    assert.ok(find(started, 'diagnose'));
  });
});

describe('conversation: shortcuts', () => {
  it('/mailhelp imap.acme.com:993 runs a server-only check at once', () => {
    const d = new Driver();
    const effects = d.start('imap.acme.com:993');
    assert.equal(d.step, 'running');
    assert.deepEqual(find(effects, 'diagnose')?.settings, { incoming: { protocol: 'imap', host: 'imap.acme.com', port: 993, security: 'tls' } });
    assert.equal(d.state?.serverOnly, true);
  });

  it('/mailhelp smtp.acme.com 587 starttls checks the outgoing server', () => {
    const d = new Driver();
    const effects = d.start('smtp.acme.com 587 starttls');
    assert.deepEqual(find(effects, 'diagnose')?.settings, { outgoing: { protocol: 'smtp', host: 'smtp.acme.com', port: 587, security: 'starttls' } });
  });

  it('a server typed at the address question is the same shortcut', () => {
    const d = new Driver();
    d.start();
    const effects = d.reply('imap.acme.com 993');
    assert.equal(find(effects, 'diagnose')?.settings.incoming?.port, 993);
  });

  it('/mailhelp alice@acme.com starts at discovery', () => {
    const d = new Driver();
    const effects = d.start('alice@acme.com');
    assert.deepEqual(effectTypes(effects), ['say', 'discover']);
    assert.equal(d.state?.email, 'alice@acme.com');
  });

  it('/mailhelp help explains and keeps nothing', () => {
    const d = new Driver();
    const effects = d.start('help');
    assert.deepEqual(shownKeys(effects), ['conversation:help.usage']);
    assert.equal(find(effects, 'end')?.type, 'end');
    assert.equal(d.state, undefined);
  });

  it('/mailhelp lang de remembers the language and answers once, keeping no conversation (a private answer)', () => {
    const d = new Driver();
    const effects = d.start('lang de', { locale: 'fr-FR' });
    assert.deepEqual(find(effects, 'remember_language'), { type: 'remember_language', language: 'de', user: { id: 'U1', name: 'alice' } });
    assert.deepEqual(shownKeys(effects), ['conversation:language.changed', 'chat:language.start_again']);
    assert.equal(effects.at(-1)?.type, 'end');
    assert.equal(d.state, undefined);
  });

  it('/mailhelp lang xx says which languages exist, and keeps nothing', () => {
    const d = new Driver();
    const effects = d.start('lang klingon');
    assert.deepEqual(shownKeys(effects), ['conversation:language.unknown']);
    assert.equal(d.state, undefined);
  });

  it('a limit that holds when /mailhelp is typed refuses at once, before any question, and keeps nothing', () => {
    const refusal = { admitted: false as const, reason: 'user' as const, limit: 10, windowMs: 600_000, retryAfterMs: 90_000 };
    for (const command of ['', 'alice@acme.com', 'imap.acme.com:993']) {
      const d = new Driver();
      const effects = d.send({ type: 'started', user: { id: 'U1' }, text: command, capabilities: d.capabilities, refusal });
      assert.deepEqual(effectTypes(effects), ['say', 'end'], command);
      assert.deepEqual(find(effects, 'say')?.text, { key: 'limits:user', values: { count: 10, window: { key: 'limits:minutes', values: { count: 10 } }, wait: { key: 'limits:minutes', values: { count: 2 } } } });
      assert.equal(d.state, undefined);
    }
    // Help and a language still answer: they start no check.
    const help = new Driver();
    assert.deepEqual(shownKeys(help.send({ type: 'started', user: { id: 'U1' }, text: 'help', capabilities: help.capabilities, refusal })), ['conversation:help.usage']);
  });

  it('an unknown argument is explained and the conversation goes on', () => {
    const d = new Driver();
    const effects = d.start('fix my mail please');
    assert.ok(shownKeys(effects).includes('conversation:command.unknown'));
    assert.equal(d.step, 'ask_email');
  });

  it('language: explicit preference, then the platform locale, then English', () => {
    const d1 = new Driver();
    d1.start('', { locale: 'pt-BR', preferredLanguage: 'ja' });
    assert.equal(d1.state?.language, 'ja');
    const d2 = new Driver();
    d2.start('', { locale: 'de-AT' });
    assert.equal(d2.state?.language, 'de');
    const d3 = new Driver();
    d3.start('', { locale: 'ko-KR' });
    assert.equal(d3.state?.language, 'en');
  });

  it('"lang fr" mid-conversation switches and asks the same question again', () => {
    const d = discovered();
    const effects = d.reply('lang fr');
    assert.equal(d.state?.language, 'fr');
    assert.equal(d.step, 'confirm_settings');
    assert.equal(lastAsk(effects)?.choices[0]?.id, 'expected');
  });
});
