import assert from 'node:assert/strict';
import type { APIEmbed } from 'discord.js';
import { embedLength } from 'discord.js';
import { conversationKey, customId, parseCustomId } from '../../adapters/discord/custom-ids';
import { answeredRows, choiceButtons, rowsOf } from '../../adapters/discord/render/buttons';
import { messageContent } from '../../adapters/discord/render/message-text';
import { answerModal, formModal, startModal } from '../../adapters/discord/render/modals';
import { EMBED_LIMITS, embedCharacters, reportEmbeds } from '../../adapters/discord/render/report-embeds';
import { loginForm, serverForm } from '../../src/conversation/forms';
import { renderForm } from '../../src/conversation/runner/render-effects';
import type { Finding } from '../../src/diagnosis/report';
import { LANGUAGES, translator } from '../../src/i18n/translator';
import { buildReportDocument } from '../../src/report-document/build-report-document';
import type { FindingSection, ReportDocument } from '../../src/report-document/report-document';
import { check, report } from '../conversation/support/fixtures';

const KEY = conversationKey('99999999999999999999', '99999999999999999998');
/** Long text of words, as real evidence is (escapeMarkdown is slow only on endless single words). */
const LONG = 'The server refused the user name or password, said the log. '.repeat(80);

function assertWithinLimits(messages: APIEmbed[][]): void {
  for (const embeds of messages) {
    assert.ok(embeds.length >= 1 && embeds.length <= EMBED_LIMITS.embedsPerMessage, `${embeds.length} embeds in one message`);
    const total = embeds.reduce((sum, e) => sum + embedCharacters(e), 0);
    assert.ok(total <= EMBED_LIMITS.charactersPerMessage, `${total} characters in one message`);
    assert.equal(total, embeds.reduce((sum, e) => sum + embedLength(e), 0), 'counted as discord.js counts');
    for (const embed of embeds) {
      assert.ok([...(embed.title ?? '')].length <= EMBED_LIMITS.title);
      assert.ok([...(embed.description ?? '')].length <= EMBED_LIMITS.description);
      assert.ok((embed.fields ?? []).length <= EMBED_LIMITS.fields);
      for (const field of embed.fields ?? []) {
        assert.ok(field.name.length > 0 && [...field.name].length <= EMBED_LIMITS.fieldName);
        assert.ok(field.value.length > 0 && [...field.value].length <= EMBED_LIMITS.fieldValue);
      }
    }
  }
}

describe('discord: rendering within Discord\'s limits', function () {
  it('a report with 30 long findings fits: 10 embeds, 6,000 characters, 25 fields per message', function () {
    const findings: Finding[] = Array.from({ length: 30 }, (_, i) => ({
      cause: i % 2 ? 'tls.cert_expired' : 'auth.invalid_credentials',
      severity: i % 3 ? 'error' : 'warning',
      target: 'incoming',
      evidence: `${i}: ${LONG}`,
      fix: { summary: LONG, steps: Array.from({ length: 12 }, () => LONG), settings: { port: 993, security: 'tls' } },
      facts: { host: 'imap.acme.com' },
    }));
    const doc = buildReportDocument({ ...report(findings), checks: Array.from({ length: 60 }, (_, i) => check(`c${i}`)) }, translator('en'), { language: 'en' });
    const messages = reportEmbeds(doc);
    assertWithinLimits(messages);
    assert.match(JSON.stringify(messages), /24 more findings|more/u);

    // Past the document's own cap: 30 finding sections of the largest size still split cleanly.
    const section = doc.sections.find((s): s is FindingSection => s.kind === 'finding')!;
    const huge: ReportDocument = { ...doc, sections: Array.from({ length: 30 }, () => ({ ...section, fields: Array.from({ length: 40 }, () => ({ label: LONG, value: LONG })) })) };
    const split = reportEmbeds(huge);
    assertWithinLimits(split);
    // Each finding: its embed and its verified fix's; the lead's embed is the head, no verdict embed.
    assert.ok(section.lead && section.verifiedFix);
    assert.equal(split.flat().length, 60, 'every section is shown');
    assert.ok(split.flat().every((e) => embedCharacters(e) <= 6000), 'each embed fits on its own');
    assert.ok(split.length >= 4);
  });

  it('forms are valid modals in every language: titles and labels ≤ 45, five components, a secret never prefilled', function () {
    for (const language of LANGUAGES) {
      const t = translator(language);
      const forms = [
        renderForm(t, serverForm('incoming', { protocol: 'imap', host: 'imap.acme.com', port: 993, security: 'tls' })),
        renderForm(t, serverForm('outgoing')),
        renderForm(t, loginForm('alice@acme.com')),
      ];
      for (const modal of [...forms.map((f) => formModal(KEY, f)), answerModal(KEY, t, LONG), startModal(t)]) {
        assert.ok([...modal.title].length <= 45, `${language}: ${modal.title}`);
        assert.ok(modal.components.length <= 5);
        assert.ok(modal.custom_id.length <= 100);
        for (const component of modal.components) {
          if (component.type === 18) assert.ok([...component.label].length <= 45, `${language}: ${component.label}`);
          if (component.type === 10) assert.ok([...component.content].length <= 4000);
        }
      }
      const login = JSON.stringify(formModal(KEY, forms[2]!));
      assert.match(login, /"custom_id":"s:password","style":1,"required":true,"max_length":1000\}/u, `${language}: the password field has no value`);
    }
  });

  it('custom ids carry the conversation, fit 100 characters, and foreign ids are not ours', function () {
    const id = customId(KEY, { kind: 'choice', choiceId: 'open_login_form' });
    assert.ok(id.length <= 100);
    assert.deepEqual(parseCustomId(id), { kind: 'conversation', key: KEY, action: { kind: 'choice', choiceId: 'open_login_form' } });
    assert.deepEqual(parseCustomId(customId(KEY, { kind: 'form', formId: 'login' })), { kind: 'conversation', key: KEY, action: { kind: 'form', formId: 'login' } });
    for (const foreign of ['', 'mh1', 'mh1:1:2', 'mh2:1:2:c:yes', 'mh1:x:2:c:yes', 'mh1:1:2:c:Yes!', 'mh1:1:2:z', 'other-bot:click']) assert.equal(parseCustomId(foreign), undefined, foreign);
  });

  it('buttons: five to a row, labels cut to 80, greyed out with the pressed one marked', function () {
    const choices = Array.from({ length: 12 }, (_, i) => ({ id: `c${String.fromCharCode(97 + i)}`, label: i === 0 ? LONG : `Choice ${i}` }));
    const rows = rowsOf(choiceButtons(KEY, choices, 'Type your answer'));
    assert.deepEqual(rows.map((r) => r.components.length), [5, 5, 3]);
    const pressed = customId(KEY, { kind: 'choice', choiceId: 'cb' });
    const grey = answeredRows(rows, pressed);
    const buttons = grey.flatMap((r) => (r.type === 1 ? r.components : []));
    assert.ok(buttons.every((b) => 'disabled' in b && b.disabled));
    assert.equal(buttons.filter((b) => 'style' in b && b.style === 3).length, 1);
    assert.ok(buttons.every((b) => !('label' in b) || [...(b.label ?? '')].length <= 80));
  });

  it('message text: what users typed reads as typed, commands stay code, 2,000 characters at most', function () {
    assert.equal(messageContent([{ kind: 'text', text: 'Got it: john_doe@acme.com *bold*' }]), 'Got it: john\\_doe@acme.com \\*bold\\*');
    const code = messageContent([{ kind: 'code', text: 'echo ```; nc -vz imap.acme.com 993' }]);
    assert.equal((code.match(/```/gu) ?? []).length, 2, 'a ``` inside cannot close the block');
    const long = messageContent([{ kind: 'text', text: 'a' }, { kind: 'code', text: LONG }]);
    assert.ok([...long].length <= 2000);
    assert.equal((long.match(/```/gu) ?? []).length % 2, 0, 'the code block is closed');
  });

  it('the adapter\'s own words fit Discord in every language', function () {
    for (const language of LANGUAGES) {
      const t = translator(language);
      const within: [string, number][] = [
        ['discord:start.title', 45],
        ['discord:start.label', 45],
        ['discord:start.placeholder', 100],
        ['discord:answer.title', 45],
        ['discord:answer.label', 45],
        ['discord:answer.button', 80],
        ['discord:command.description', 100],
        ['discord:command.target_description', 100],
      ];
      for (const [key, max] of within) {
        const text = t(key);
        assert.ok(text !== key && [...text].length <= max, `${language} ${key}: ${text}`);
      }
      assert.ok([...t('discord:form.open', { title: t('conversation:form.login_title') })].length <= 80);
      assert.ok([...t('chat:discord.thread_name', { subject: 'x'.repeat(63), time: '10:42' })].length <= 100);
    }
  });
});
