import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { fillForm } from '../../adapters/console/console-form';
import { Terminal } from '../../adapters/console/terminal';
import { loginForm, serverForm } from '../../src/conversation/forms';
import { renderForm } from '../../src/conversation/runner/render-effects';
import { Secret } from '../../src/conversation/secret';
import { LANGUAGES, translator } from '../../src/i18n/translator';

function piped(lines: string[]): { terminal: Terminal; shown: () => string } {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (c: Buffer) => (shown += c.toString('utf8')));
  input.end(lines.map((l) => `${l}\n`).join(''));
  return { terminal: new Terminal(input, output), shown: () => shown };
}

describe('console form: each field checked as it is entered', () => {
  it('a port that is not a number is said at once and asked again; the fields already right are kept', async () => {
    const t = translator('en');
    const { terminal, shown } = piped(['1', 'imap.acme.test', 'abc', '70000', '993', '1']);
    const outcome = await fillForm(terminal, renderForm(t, serverForm('incoming')), t);
    assert.deepEqual(outcome, { kind: 'submitted', values: { protocol: 'imap', host: 'imap.acme.test', port: '993', security: 'tls' } });
    assert.match(shown(), /Port: abc\nabc isn't a port number: ports go from 1 to 65535\.\nPort: 70000\n70000 isn't a port number/u);
    assert.equal((shown().match(/imap\.acme\.test/gu) ?? []).length, 1, 'the server name was asked again');
  });

  it('a server name that is not one is refused at its own field', async () => {
    const t = translator('en');
    const { terminal, shown } = piped(['smtp.acme.test:587 starttls extra words', 'smtp.acme.test', '587', '2']);
    const outcome = await fillForm(terminal, renderForm(t, serverForm('outgoing')), t);
    assert.equal(outcome.kind, 'submitted');
    assert.equal(outcome.kind === 'submitted' && outcome.values.host, 'smtp.acme.test');
    assert.ok(shown().split('\n').length > 6);
  });

  for (const language of LANGUAGES) {
    it(`${language}: an empty password is asked again, in ${language}`, async () => {
      const t = translator(language);
      const { terminal, shown } = piped(['', '', 'hunter2']);
      const outcome = await fillForm(terminal, renderForm(t, loginForm('alice@acme.test', { maskedForms: true })), t);
      assert.equal(outcome.kind, 'submitted');
      const password = outcome.kind === 'submitted' ? outcome.values.password : undefined;
      assert.ok(password instanceof Secret && password.reveal() === 'hunter2');
      assert.ok(shown().includes(t('console:required')));
      assert.ok(!shown().includes('hunter2'));
    });
  }
});
