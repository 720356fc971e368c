import assert from 'node:assert/strict';
import { fillPlaceholders, parseAutoconfig } from '../../src/discovery/autoconfig/parse-autoconfig';
import { autoconfigXml } from './fixtures';

const parts = { email: 'alice@acme.test', localPart: 'alice', domain: 'acme.test' };

describe('discovery/parse-autoconfig', function () {
  it('reads servers in document order and fills the placeholders', function () {
    const parsed = parseAutoconfig(autoconfigXml('acme.test'), parts);
    assert.ok(parsed.ok);
    assert.equal(parsed.providerName, 'Acme & Co');
    assert.deepEqual(parsed.incoming, [
      { settings: { protocol: 'imap', host: 'imap.acme.test', port: 993, security: 'tls' }, username: 'alice@acme.test' },
      { settings: { protocol: 'pop3', host: 'pop.acme.test', port: 110, security: 'starttls' }, username: 'alice' },
    ]);
    assert.deepEqual(parsed.outgoing, [
      { settings: { protocol: 'smtp', host: 'smtp.acme.test', port: 587, security: 'starttls' }, username: 'alice@acme.test' },
    ]);
  });

  it('maps socketType SSL/STARTTLS/plain and marks OAuth2-only servers', function () {
    const xml = `<clientConfig version="1.1"><emailProvider id="x">
      <incomingServer type="imap"><hostname>a.acme.test</hostname><port>143</port><socketType>plain</socketType></incomingServer>
      <incomingServer type="imap"><hostname>b.acme.test</hostname><port>993</port><socketType>SSL</socketType>
        <authentication>OAuth2</authentication></incomingServer>
      <incomingServer type="exchange"><hostname>ews.acme.test</hostname></incomingServer>
      <outgoingServer type="smtp"><hostname>c.acme.test</hostname><port>465</port><socketType>ssl</socketType>
        <authentication>OAuth2</authentication><authentication>password-cleartext</authentication></outgoingServer>
    </emailProvider></clientConfig>`;
    const parsed = parseAutoconfig(xml, parts);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.incoming.map((s) => [s.settings.host, s.settings.security, s.caveats]), [
      ['a.acme.test', 'none', undefined],
      ['b.acme.test', 'tls', ['oauth_only']],
    ]);
    assert.equal(parsed.outgoing[0]?.caveats, undefined, 'a password method is listed too');
  });

  it('skips servers with an unusable host, port or socket type, saying why', function () {
    const xml = `<clientConfig><emailProvider id="x">
      <incomingServer type="imap"><hostname>bad host!</hostname><port>993</port><socketType>SSL</socketType></incomingServer>
      <incomingServer type="imap"><hostname>imap.acme.test</hostname><port>99999</port><socketType>SSL</socketType></incomingServer>
      <incomingServer type="imap"><hostname>imap.acme.test</hostname><port>993</port><socketType>quantum</socketType></incomingServer>
    </emailProvider></clientConfig>`;
    const parsed = parseAutoconfig(xml, parts);
    assert.ok(parsed.ok);
    assert.equal(parsed.incoming.length, 0);
    assert.equal(parsed.skipped.length, 3);
    assert.match(parsed.skipped.join('\n'), /not a valid server name[\s\S]*port must be[\s\S]*unknown socketType/);
  });

  it('reports malformed XML with its position', function () {
    const parsed = parseAutoconfig('<clientConfig><emailProvider></clientConfig>', parts);
    assert.equal(parsed.ok, false);
    assert.ok(!parsed.ok && parsed.problem === 'malformed');
    assert.match(!parsed.ok ? parsed.detail : '', /^line 1, column \d+: /);
  });

  it('reports well-formed XML that is not autoconfig (an HTML page served as 200)', function () {
    const parsed = parseAutoconfig('<html><body><p>Welcome</p></body></html>', parts);
    assert.deepEqual(parsed, { ok: false, problem: 'not_autoconfig', detail: 'no <clientConfig><emailProvider> element' });
  });

  it('never expands DOCTYPE entities (no entity bombs)', function () {
    const lol = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>';
    const xml = `${lol}<clientConfig><emailProvider id="x"><displayName>&lol2;</displayName>
      <incomingServer type="imap"><hostname>imap.acme.test</hostname><port>993</port><socketType>SSL</socketType></incomingServer>
    </emailProvider></clientConfig>`;
    const parsed = parseAutoconfig(xml, parts);
    assert.ok(parsed.ok);
    assert.equal(parsed.providerName, '&lol2;');
  });

  it('reads no server type or socketType from Object.prototype names (`constructor`, `__proto__`)', function () {
    const server = (type: string, socket: string): string =>
      `<incomingServer type="${type}"><hostname>imap.acme.test</hostname><port>993</port><socketType>${socket}</socketType></incomingServer>`;
    const xml = `<clientConfig><emailProvider id="x">${server('constructor', 'SSL')}${server('__proto__', 'SSL')}${server('imap', 'constructor')}${server('imap', '__proto__')}</emailProvider></clientConfig>`;
    const parsed = parseAutoconfig(xml, parts);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.incoming, []);
    assert.deepEqual(parsed.skipped, ['imap imap.acme.test: unknown socketType "constructor"', 'imap imap.acme.test: unknown socketType "__proto__"']);
  });

  it('fills placeholders literally: `$&` and `$\'` in a local part are no replacement patterns', function () {
    const dollar = { email: "a$'b$&c@acme.test", localPart: "a$'b$&c", domain: 'acme.test' };
    assert.equal(fillPlaceholders('%EMAILADDRESS%', dollar), "a$'b$&c@acme.test");
    assert.equal(fillPlaceholders('%EMAILLOCALPART%+x', dollar), "a$'b$&c+x");
    const parsed = parseAutoconfig(autoconfigXml('acme.test'), dollar);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.incoming.map((s) => s.username), ["a$'b$&c@acme.test", "a$'b$&c"]);
  });

  it('decodes character references to whole characters only: a lone surrogate stays as written', function () {
    const xml = '<clientConfig><emailProvider id="x"><displayName>&#xD800;&#x41;&#56320;&#x1F600;</displayName></emailProvider></clientConfig>';
    const parsed = parseAutoconfig(xml, parts);
    assert.ok(parsed.ok);
    assert.equal(parsed.providerName, '&#xD800;A&#56320;😀');
  });

  it('keeps the reasons short, whatever the document quotes', function () {
    const longTag = parseAutoconfig(`<${'a'.repeat(100_000)}>`, parts);
    assert.ok(!longTag.ok && longTag.detail.length <= 200, !longTag.ok ? `${longTag.detail.length}` : '');
    assert.deepEqual(parseAutoconfig('', parts), { ok: false, problem: 'malformed', detail: 'line 1: Start tag expected.' });
    const socket = parseAutoconfig(`<clientConfig><emailProvider id="x"><incomingServer type="imap"><hostname>${'a.'.repeat(50_000)}test</hostname><socketType>quantum</socketType></incomingServer></emailProvider></clientConfig>`, parts);
    assert.ok(socket.ok);
    assert.ok((socket.skipped[0] ?? '').length < 200);
  });
});
