import assert from 'node:assert/strict';
import { formView, readFormValues } from '../../adapters/slack/blocks/form-view';
import { questionMessage } from '../../adapters/slack/blocks/message-blocks';
import { reportMessage } from '../../adapters/slack/blocks/report-blocks';
import { plainTextFromSlack } from '../../adapters/slack/slack-markup';
import { Secret } from '../../src/conversation/secret';
import type { Finding } from '../../src/diagnosis/report';
import { translator } from '../../src/i18n/translator';
import { buildReportDocument } from '../../src/report-document/build-report-document';
import type { FindingSection, ReportDocument } from '../../src/report-document/report-document';
import { report } from '../conversation/support/fixtures';

const words = { moreSections: (count: number) => translator('en')('slack:report.more_sections', { count }) };
const actions = [
  { id: 'again', label: 'Check again', style: 'primary' as const },
  { id: 'helpdesk', label: 'Send to the help desk' },
];

/** Every Block Kit limit Slack enforces on what we send. */
function assertWithinLimits(blocks: any[]): void {
  assert.ok(blocks.length <= 50, `${blocks.length} blocks`);
  for (const block of blocks) {
    if (block.type === 'header') assert.ok(block.text.text.length <= 150);
    if (block.text) assert.ok(block.text.text.length <= 3000, `section text of ${block.text.text.length}`);
    for (const field of block.fields ?? []) assert.ok(field.text.length <= 2000);
    assert.ok((block.fields ?? []).length <= 10);
    for (const element of block.elements ?? []) {
      if (element.type === 'button') assert.ok(element.text.text.length <= 75);
    }
  }
}

function finding(i: number, long = false): Finding {
  const filler = long ? ' and more'.repeat(400) : '';
  return {
    cause: i % 2 ? 'tls.cert_expired' : 'tcp.refused',
    severity: i % 3 ? 'error' : 'warning',
    target: 'incoming',
    evidence: `evidence ${i}: <not a link> & co${filler}`,
    fix: { summary: `fix ${i}${filler}`, steps: [`step one ${filler}`, 'step two'], settings: { port: 993, security: 'tls' } },
    facts: { host: 'imap.acme.com', notAfter: '2026-10-01' },
  };
}

describe('slack adapter: Block Kit', () => {
  it('a report with 30 findings stays within 50 blocks and every text limit', () => {
    const findings = Array.from({ length: 30 }, (_, i) => finding(i, true));
    const document = buildReportDocument(report(findings), translator('en'), { language: 'en' });
    const message = reportMessage(document, actions, words);
    assertWithinLimits(message.blocks as any[]);
    assert.ok(message.text.length <= 3000);
  });

  it('even 30 full finding sections (no cut by the document) are folded into "more parts", buttons kept', () => {
    const base = buildReportDocument(report([finding(1, true)]), translator('en'), { language: 'en' });
    const section = base.sections.find((s): s is FindingSection => s.kind === 'finding')!;
    const document: ReportDocument = { ...base, sections: [...Array.from({ length: 30 }, () => section), ...base.sections.slice(1)] };
    const blocks = reportMessage(document, actions, words).blocks as any[];
    assertWithinLimits(blocks);
    assert.equal(blocks.at(-1).type, 'actions');
    assert.match(JSON.stringify(blocks), /more parts of the report don't fit into one Slack message/);
  });

  it("shows what users and servers wrote literally: Slack's &, < and > are escaped", () => {
    const document = buildReportDocument(report([finding(1)]), translator('en'), { language: 'en' });
    const text = JSON.stringify(reportMessage(document, [], words).blocks);
    assert.match(text, /evidence 1: &lt;not a link&gt; &amp; co/);
    const question = questionMessage({ message: [{ kind: 'text', text: 'Use <b>' }, { kind: 'code', text: 'nc -vz a.b 993' }], choices: [], hint: 'x' });
    assert.equal((question.blocks[0] as any).text.text, 'Use &lt;b&gt;');
    assert.equal((question.blocks[1] as any).text.text, '```nc -vz a.b 993```');
  });

  it('a form becomes a modal; a secret field is never prefilled and comes back wrapped in Secret', () => {
    const view = formView(
      {
        id: 'login',
        title: 'A very long title for a modal that Slack would refuse',
        submitLabel: 'Test sign-in',
        description: "Used once. This form can't hide what you type.",
        fields: [
          { name: 'user', label: 'User', kind: 'text', required: true, initial: 'alice@acme.com' },
          { name: 'password', label: 'Password', kind: 'secret', required: true, initial: 'never' },
          { name: 'security', label: 'Security', kind: 'choice', required: true, initial: 'tls', options: [{ id: 'tls', label: 'SSL/TLS' }, { id: 'none', label: 'None' }] },
        ],
      },
      { channel: 'C1', thread: '1.2', formId: 'login', secrets: ['password'] },
      { close: 'Cancel' },
    );
    assert.ok(view.title.text.length <= 24);
    const inputs = (view.blocks as any[]).filter((b) => b.type === 'input');
    assert.equal(inputs[0].element.initial_value, 'alice@acme.com');
    assert.equal(inputs[1].element.initial_value, undefined);
    assert.equal(inputs[2].element.initial_option.value, 'tls');
    assert.match(JSON.stringify(view.blocks), /can't hide what you type/);
    const values = readFormValues(
      {
        field_user: { user: { type: 'plain_text_input', value: 'alice@acme.com' } },
        field_password: { password: { type: 'plain_text_input', value: 'hunter2' } },
        field_security: { security: { type: 'static_select', selected_option: { value: 'none' } } },
      },
      ['password'],
    );
    assert.equal(values.user, 'alice@acme.com');
    assert.equal(values.security, 'none');
    assert.ok(values.password instanceof Secret);
    assert.equal((values.password as Secret).reveal(), 'hunter2');
    assert.equal(JSON.stringify(values), '{"user":"alice@acme.com","password":"[redacted]","security":"none"}');
  });

  it("typed replies lose Slack's markup before the conversation reads them", () => {
    assert.equal(plainTextFromSlack('<mailto:alice@acme.com|alice@acme.com>'), 'alice@acme.com');
    assert.equal(plainTextFromSlack('<http://imap.acme.com|imap.acme.com> 993 ssl'), 'imap.acme.com 993 ssl');
    assert.equal(plainTextFromSlack('<https://example.com>'), 'https://example.com');
    assert.equal(plainTextFromSlack('a &lt; b &amp;&amp; c &gt; d'), 'a < b && c > d');
    assert.equal(plainTextFromSlack('hi <@U123>'), 'hi <@U123>');
  });
});
