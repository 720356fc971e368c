import assert from 'node:assert/strict';
import type { Finding } from '../../src/diagnosis/report';
import type { DiscoveryResult } from '../../src/discovery/discovery-result';
import { questionFor } from '../../src/conversation/questions';
import { renderQuestion } from '../../src/conversation/runner/render-effects';
import { translator } from '../../src/i18n/translator';
import { Driver, find, lastAsk } from './support/driver';
import { EMPTY_DISCOVERY, report } from './support/fixtures';
import { reach } from './support/reach';

/** What the engine reports for alice@gmial.com (src/diagnosis/email-domain): the domain does not exist, gmail.com does. */
const NXDOMAIN: Finding = {
  cause: 'dns.nxdomain',
  severity: 'error',
  target: 'account',
  evidence: 'gmial.com does not exist (NXDOMAIN from 127.0.0.1:53); gmail.com does',
  fix: { summary: 'Change the server name to gmail.com.', steps: [] },
  facts: { host: 'gmial.com', email: 'alice@gmial.com', server: '127.0.0.1:53', message: 'queryMx ENOTFOUND gmial.com', suggestion: 'gmail.com', suggestedEmail: 'alice@gmail.com' },
};
const UNREADABLE: DiscoveryResult = {
  ...EMPTY_DISCOVERY,
  email: 'alice@gmial.com',
  domain: 'gmial.com',
  notFound: true,
  domainLookup: { ok: false, code: 'nxdomain', message: 'queryMx ENOTFOUND gmial.com', server: '127.0.0.1:53', ms: 2 },
};

/** Issue 14.7: a typo's domain is never used for examples; the engine's "did you mean" is offered instead. */
describe('conversation: a typo in the email domain', () => {
  function reported(): Driver {
    const d = new Driver();
    d.start('alice@gmial.com');
    d.send({ type: 'discovery_finished', requestId: d.requestId, result: UNREADABLE });
    assert.equal(d.step, 'running');
    d.send({ type: 'diagnosis_finished', runId: d.requestId, report: report([NXDOMAIN], { email: 'alice@gmial.com' }) });
    return d;
  }

  it('the report offers "Check alice@gmail.com instead" in place of running the typo again', () => {
    const d = reported();
    const shown = find(d.log, 'report');
    assert.deepEqual(shown?.actions.map((a) => a.id), ['use_suggestion', 'another', 'helpdesk', 'details', 'done']);
    const rendered = renderQuestion(translator('de'), { type: 'ask', question: { key: 'conversation:report.next' }, choices: shown?.actions ?? [] });
    assert.equal(rendered.choices[0]?.label, 'Stattdessen alice@gmail.com prüfen');
  });

  it('picking it (or answering yes) looks up the suggested address from the start', () => {
    for (const answer of [(d: Driver) => d.pick('use_suggestion'), (d: Driver) => d.reply('yes')]) {
      const d = reported();
      const effects = answer(d);
      assert.equal(d.step, 'discovering');
      assert.equal(find(effects, 'discover')?.email, 'alice@gmail.com');
      assert.equal(d.state?.email, 'alice@gmail.com');
      assert.equal(d.state?.report, undefined);
    }
  });

  it('examples in hints come from the suggestion, or example.com, never from the typo', () => {
    const hintExample = (state: NonNullable<Driver['state']>): unknown => {
      const ask = lastAsk(questionFor(state));
      return ask?.hint && 'values' in ask.hint ? ask.hint.values?.example : undefined;
    };
    const asked = reach('ask_incoming');
    const typo = { ...asked.state!, email: 'alice@gmial.com', expected: { domain: 'gmial.com', domainUnreadable: true } };
    assert.equal(hintExample(typo), 'imap.example.com 993 ssl');
    assert.equal(hintExample({ ...typo, report: report([NXDOMAIN], { email: 'alice@gmial.com' }) }), 'imap.gmail.com 993 ssl');
    // A domain that exists is the user's own: its name makes the best example.
    assert.equal(hintExample({ ...typo, expected: { domain: 'acme.com' } }), 'imap.acme.com 993 ssl');
  });
});
