import assert from 'node:assert/strict';
import { CHOICES } from '../../src/conversation/choices';
import { parseCommand } from '../../src/conversation/parse/parse-command';
import { pickChoice } from '../../src/conversation/parse/parse-choice';
import { parseEmail } from '../../src/conversation/parse/parse-email';
import { normalizeReply, quoteInput } from '../../src/conversation/parse/normalize';

describe('pickChoice', () => {
  const confirm = [CHOICES.expected, CHOICES.own, CHOICES.unknown, CHOICES.cancel];

  for (const [reply, id] of [
    ['1', 'expected'], ['#2', 'own'], ['3)', 'unknown'], ['３', 'unknown'],
    ['yes', 'expected'], ['Yes!', 'expected'], ['ja', 'expected'], ['sí', 'expected'], ['oui', 'expected'], ['sim', 'expected'], ['はい', 'expected'],
    ['no', 'own'], ['nein', 'own'], ['non', 'own'], ['não', 'own'], ['いいえ', 'own'],
    ["I don't know", 'unknown'], ['weiß nicht', 'unknown'], ['ICH WEISS NICHT', 'unknown'], ['no sé', 'unknown'], ['je ne sais pas', 'unknown'], ['não sei', 'unknown'], ['わからない', 'unknown'],
    ['yes please', 'expected'], ['no, mine', 'own'],
  ] as const) {
    it(`reads ${JSON.stringify(reply)} as ${id}`, () => assert.equal(pickChoice(reply, confirm), id));
  }

  it('returns nothing for numbers out of range, unknown words and ambiguous replies', () => {
    assert.equal(pickChoice('7', confirm), undefined);
    assert.equal(pickChoice('0', confirm), undefined);
    assert.equal(pickChoice('banana', confirm), undefined);
    assert.equal(pickChoice('🙂', confirm), undefined);
    assert.equal(pickChoice('', confirm), undefined);
    // "not sure" means both "I don't know" and, at the scope question, "both": not at confirm.
    assert.equal(pickChoice('x'.repeat(5000), confirm), undefined);
  });
});

describe('parseEmail', () => {
  it('reads plain and wrapped addresses', () => {
    for (const raw of ['alice@acme.com', ' Alice@ACME.com. ', 'mailto:alice@acme.com', '<alice@acme.com>', '<mailto:alice@acme.com|alice@acme.com>']) {
      const parsed = parseEmail(raw);
      assert.ok(parsed.ok, raw);
      assert.equal(parsed.domain, 'acme.com');
    }
  });

  it('says why other replies are not addresses', () => {
    assert.deepEqual(parseEmail(''), { ok: false, problem: 'empty' });
    assert.deepEqual(parseEmail('acme.com'), { ok: false, problem: 'domain_only' });
    assert.deepEqual(parseEmail('alice'), { ok: false, problem: 'no_at' });
    assert.deepEqual(parseEmail('alice@acme'), { ok: false, problem: 'invalid' });
    assert.deepEqual(parseEmail('a b@acme.com'), { ok: false, problem: 'invalid' });
    assert.deepEqual(parseEmail(`${'a'.repeat(300)}@acme.com`), { ok: false, problem: 'invalid' });
    assert.deepEqual(parseEmail('🙂@🙂'), { ok: false, problem: 'invalid' });
  });
});

describe('parseCommand', () => {
  it('reads every shortcut', () => {
    assert.deepEqual(parseCommand(''), { kind: 'start' });
    assert.deepEqual(parseCommand('/mailhelp'), { kind: 'start' });
    assert.deepEqual(parseCommand('help'), { kind: 'help' });
    assert.deepEqual(parseCommand('hilfe'), { kind: 'help' });
    assert.deepEqual(parseCommand('lang de'), { kind: 'language', code: 'de' });
    assert.deepEqual(parseCommand('language pt-BR'), { kind: 'language', code: 'pt-br' });
    assert.deepEqual(parseCommand('alice@acme.com'), { kind: 'email', email: 'alice@acme.com', domain: 'acme.com' });
    assert.deepEqual(parseCommand('imap.acme.com:993'), { kind: 'server', spec: { host: 'imap.acme.com', port: 993 } });
    assert.deepEqual(parseCommand('smtp.acme.com 587 starttls'), { kind: 'server', spec: { host: 'smtp.acme.com', port: 587, security: 'starttls' } });
    assert.deepEqual(parseCommand('acme.com'), { kind: 'unknown', text: 'acme.com' });
    assert.deepEqual(parseCommand('do something'), { kind: 'unknown', text: 'do something' });
  });

  it('reads "?" as help: trailing punctuation goes, unless it is the whole reply', () => {
    assert.deepEqual(parseCommand('/mailhelp ?'), { kind: 'help' });
    assert.deepEqual(parseCommand('？'), { kind: 'help' });
    assert.equal(normalizeReply('?'), '?');
    assert.equal(normalizeReply('yes!'), 'yes');
    assert.equal(normalizeReply('help?!'), 'help');
  });

  it('never reads a server with Object.prototype for its security (the `__proto__` bug)', () => {
    assert.deepEqual(parseCommand('/mailhelp __proto__ imap.example.com:993'), { kind: 'unknown', text: '/mailhelp __proto__ imap.example.com:993' });
    assert.deepEqual(parseCommand('/mailhelp constructor imap.example.com:993'), { kind: 'unknown', text: '/mailhelp constructor imap.example.com:993' });
  });
});

describe('quoteInput', () => {
  it('cuts long input before a whole character, never inside an emoji', () => {
    const quoted = quoteInput(`${'a'.repeat(38)}🙂🙂🙂`, 40);
    assert.equal(quoted, `${'a'.repeat(38)}…`);
    assert.equal(quoteInput(`${'a'.repeat(37)}🙂🙂🙂`, 40), `${'a'.repeat(37)}🙂…`);
    assert.equal(quoteInput('a`b*c_d~e<f>g|h'), 'abcdefgh');
  });
});
