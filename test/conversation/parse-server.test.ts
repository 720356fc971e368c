import assert from 'node:assert/strict';
import { completeServer, inferSide } from '../../src/conversation/parse/complete-server';
import { parseServerSpec, type ServerSpec } from '../../src/conversation/parse/parse-server';

function spec(reply: string): ServerSpec {
  const parsed = parseServerSpec(reply);
  assert.ok(parsed.ok, `${reply}: ${JSON.stringify(parsed)}`);
  return parsed.spec;
}

describe('parseServerSpec', () => {
  const cases: [string, ServerSpec][] = [
    ['imap.acme.com 993 ssl', { host: 'imap.acme.com', port: 993, security: 'tls' }],
    ['smtp.acme.com:587 starttls', { host: 'smtp.acme.com', port: 587, security: 'starttls' }],
    ['993', { port: 993 }],
    ['SMTP.Acme.COM:465 SSL/TLS', { host: 'smtp.acme.com', port: 465, security: 'tls' }],
    ['imaps://mail.acme.com', { protocol: 'imap', security: 'tls', host: 'mail.acme.com' }],
    ['smtp://mail.acme.com:2525/', { protocol: 'smtp', host: 'mail.acme.com', port: 2525 }],
    ['pop3 pop.acme.com 995', { protocol: 'pop3', host: 'pop.acme.com', port: 995 }],
    ['imap.acme.com port 143 with start tls', { host: 'imap.acme.com', port: 143, security: 'starttls' }],
    ['imap.acme.com, 143, STARTTLS.', { host: 'imap.acme.com', port: 143, security: 'starttls' }],
    ['`imap.acme.com:993`', { host: 'imap.acme.com', port: 993 }],
    ['imap.acme.com ９９３ ＳＳＬ', { host: 'imap.acme.com', port: 993, security: 'tls' }],
    ['imap.acme.com 143 keine verschlüsselung', { host: 'imap.acme.com', port: 143, security: 'none' }],
    ['imap.acme.com 143 sin cifrado', { host: 'imap.acme.com', port: 143, security: 'none' }],
    ['imap.acme.com 143 暗号化なし', { host: 'imap.acme.com', port: 143, security: 'none' }],
    ['サーバー imap.acme.com ポート 993 ssl', { host: 'imap.acme.com', port: 993, security: 'tls' }],
    ['[2001:db8::1]:993', { host: '2001:db8::1', port: 993 }],
    ['192.0.2.7:110 none', { host: '192.0.2.7', port: 110, security: 'none' }],
    ['mail.bücher.de 993', { host: 'mail.xn--bcher-kva.de', port: 993 }],
    ['imap.acme.com.', { host: 'imap.acme.com' }],
  ];
  for (const [reply, expected] of cases) {
    it(`reads ${JSON.stringify(reply)}`, () => assert.deepEqual(spec(reply), expected));
  }

  const problems: [string, string][] = [
    ['', 'empty'],
    ['   ', 'empty'],
    ['port', 'empty'],
    ['imap.acme.com 99999', 'bad_port'],
    ['imap.acme.com:0', 'bad_port'],
    ['imap.acme.com 993 banana', 'unknown_word'],
    ['🙂🙂', 'unknown_word'],
    ['999.1.1.1', 'unknown_word'],
    ['imap.acme.com smtp.acme.com', 'two_hosts'],
    ['imap.acme.com 993 143', 'two_ports'],
    ['alice@acme.com', 'email_given'],
    ['gopher://acme.com', 'unknown_word'],
    // Property names of Object.prototype are no security or protocol word (the tables once were plain-object lookups).
    ['__proto__ imap.example.com', 'unknown_word'],
    ['imap.example.com 993 constructor', 'unknown_word'],
    ['constructor://imap.example.com', 'unknown_word'],
    ['__proto__://imap.example.com', 'unknown_word'],
  ];
  for (const [reply, code] of problems) {
    it(`rejects ${JSON.stringify(reply)} as ${code}`, () => {
      const parsed = parseServerSpec(reply);
      assert.equal(parsed.ok, false);
      if (!parsed.ok) assert.equal(parsed.problem.code, code);
    });
  }

  it('reads no security or protocol from an upper-case Object.prototype name either', () => {
    assert.deepEqual(parseServerSpec('CONSTRUCTOR imap.example.com:993'), { ok: false, problem: { code: 'unknown_word', token: 'constructor' } });
  });

  it('does not hang or crash on 5,000 characters', () => {
    assert.equal(parseServerSpec('a'.repeat(5000)).ok, false);
    assert.equal(parseServerSpec('imap.acme.com '.repeat(400)).ok, true);
  });
});

describe('completeServer', () => {
  it('keeps a wrong combination the user typed: that is what gets tested', () => {
    assert.deepEqual(completeServer({ host: 'imap.acme.com', port: 993, security: 'starttls' }, 'incoming'), {
      ok: true,
      settings: { protocol: 'imap', host: 'imap.acme.com', port: 993, security: 'starttls' },
    });
  });

  it('infers security from a standard port and the port from the security', () => {
    const r1 = completeServer({ host: 'smtp.acme.com', port: 465 }, 'outgoing');
    assert.deepEqual(r1.ok && r1.settings, { protocol: 'smtp', host: 'smtp.acme.com', port: 465, security: 'tls' });
    const r2 = completeServer({ host: 'smtp.acme.com', security: 'starttls' }, 'outgoing');
    assert.deepEqual(r2.ok && r2.settings, { protocol: 'smtp', host: 'smtp.acme.com', port: 587, security: 'starttls' });
    const r3 = completeServer({ host: 'imap.acme.com' }, 'incoming');
    assert.deepEqual(r3.ok && r3.settings, { protocol: 'imap', host: 'imap.acme.com', port: 993, security: 'tls' });
    const r4 = completeServer({ host: 'pop.acme.com', security: 'none' }, 'incoming');
    assert.deepEqual(r4.ok && r4.settings, { protocol: 'pop3', host: 'pop.acme.com', port: 110, security: 'none' });
    const r5 = completeServer({ host: 'mail.acme.com', port: 2525 }, 'outgoing');
    assert.deepEqual(r5.ok && r5.settings, { protocol: 'smtp', host: 'mail.acme.com', port: 2525, security: 'starttls' });
  });

  it('uses the known host for a bare port, and says when there is none', () => {
    const r = completeServer({ port: 143 }, 'incoming', 'imap.acme.com');
    assert.deepEqual(r.ok && r.settings, { protocol: 'imap', host: 'imap.acme.com', port: 143, security: 'starttls' });
    assert.deepEqual(completeServer({ port: 143 }, 'incoming'), { ok: false, problem: { code: 'no_host' } });
  });

  it('refuses an outgoing server for the incoming question and the other way round', () => {
    assert.deepEqual(completeServer({ protocol: 'smtp', host: 'smtp.acme.com' }, 'incoming'), { ok: false, problem: { code: 'wrong_side', protocol: 'smtp' } });
    assert.deepEqual(completeServer({ protocol: 'imap', host: 'imap.acme.com' }, 'outgoing'), { ok: false, problem: { code: 'wrong_side', protocol: 'imap' } });
  });

  it('infers the side for the shortcut from protocol, port or host name', () => {
    assert.equal(inferSide({ host: 'x.acme.com', port: 993 }), 'incoming');
    assert.equal(inferSide({ host: 'x.acme.com', port: 587 }), 'outgoing');
    assert.equal(inferSide({ host: 'smtp.acme.com' }), 'outgoing');
    assert.equal(inferSide({ host: 'pop.acme.com' }), 'incoming');
    assert.equal(inferSide({ host: 'mail.acme.com' }), undefined);
  });
});
