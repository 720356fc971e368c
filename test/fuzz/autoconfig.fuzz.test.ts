import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fillPlaceholders, parseAutoconfig, type ParsedAutoconfig } from '../../src/discovery/autoconfig/parse-autoconfig';
import { DEFAULT_MAX_AUTOCONFIG_BYTES } from '../../src/discovery/discovery-options';
import { emailParts } from '../../src/discovery/discover';
import { parseHost } from '../../src/settings/parse-settings';
import { autoconfigXml } from '../discovery/fixtures';
import { anyText, localPart, prototypeKey } from './support/arbitraries';
import { FUZZ_RUNS, quickly, wellFormed } from './support/fuzz-settings';

/**
 * Autoconfig documents come from whoever runs the domain's web server (or sits in front of
 * it). Property: parseAutoconfig answers every string with a result, never an exception:
 * servers of a known type with a valid host, port 1-65535 and security, or `malformed` /
 * `not_autoconfig` with a short detail. DOCTYPE entities are never expanded, and a reply the
 * size of the fetch limit is read within a bounded time.
 */
const runs = { numRuns: FUZZ_RUNS };
const parts = emailParts("a$'b$&c@acme.test");

/** Text no output may hold unless a DOCTYPE entity was expanded. */
const EXPANDED = 'Expanded-Entity';

function assertParsed(result: ParsedAutoconfig, input: string): void {
  assert.deepEqual(JSON.parse(JSON.stringify(result)), result, 'plain JSON values only');
  assert.ok(JSON.stringify(result).length <= input.length * 20 + 2000, 'no output grows beyond the input (placeholders aside)');
  if (!result.ok) {
    assert.ok(result.problem === 'malformed' || result.problem === 'not_autoconfig', result.problem);
    assert.equal(typeof result.detail, 'string');
    assert.ok(result.detail.length <= 200, `a ${result.detail.length}-character detail`);
    assert.doesNotMatch(result.detail, /^line \S+, column undefined/u);
    return;
  }
  assert.ok(Object.keys(result).every((k) => ['ok', 'providerName', 'incoming', 'outgoing', 'skipped'].includes(k)));
  if (result.providerName !== undefined) assert.ok(typeof result.providerName === 'string' && result.providerName.length > 0);
  for (const [side, servers] of [['incoming', result.incoming], ['outgoing', result.outgoing]] as const) {
    for (const server of servers) {
      assert.ok(Object.keys(server).every((k) => ['settings', 'username', 'caveats'].includes(k)), Object.keys(server).join());
      const { protocol, host, port, security } = server.settings;
      assert.ok(side === 'outgoing' ? protocol === 'smtp' : protocol === 'imap' || protocol === 'pop3', `${side} ${protocol}`);
      assert.equal(parseHost(host), host, 'a canonical host');
      assert.ok(Number.isInteger(port) && port >= 1 && port <= 65535, String(port));
      assert.ok(['tls', 'starttls', 'none'].includes(security), security);
      if (server.username !== undefined) assert.ok(typeof server.username === 'string' && server.username.length > 0);
      if (server.caveats !== undefined) assert.deepEqual(server.caveats, ['oauth_only']);
    }
  }
  for (const reason of result.skipped) assert.ok(typeof reason === 'string' && reason.length <= 300, `a ${reason.length}-character reason`);
  const values = JSON.stringify([result.providerName, result.incoming, result.outgoing]);
  // Character references decode to whole characters only (`&#xD800;` is no character).
  if (wellFormed(input)) assert.ok(wellFormed(`${result.providerName ?? ''}${result.incoming.map((s) => s.username).join('')}`), 'a lone surrogate');
  assert.ok(!values.includes(EXPANDED) && !values.includes('lollol'), 'a DOCTYPE entity was expanded');
}

// ── Documents built from the format's own pieces ─────────────────────────────────────────────

const escapeText = (s: string): string => s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
const escapeAttribute = (s: string): string => escapeText(s).replace(/"/gu, '&quot;');

const elementName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('clientConfig', 'emailProvider', 'incomingServer', 'outgoingServer', 'hostname', 'port', 'socketType', 'username', 'authentication', 'displayName', 'domain', 'documentation') },
  { weight: 1, arbitrary: prototypeKey },
  { weight: 1, arbitrary: fc.constantFrom('#text', '@_type', 'x:hostname', 'HOSTNAME', 'a', 'b-c', '_') },
);
const textValue = fc.oneof(
  fc.constantFrom('imap.acme.test', 'smtp.%EMAILDOMAIN%', '%EMAILADDRESS%', '%EMAILLOCALPART%', '%EMAILDOMAIN%', '%REALNAME%', '993', '587', '0', '65536', '99999999999999999999', 'SSL', 'STARTTLS', 'plain', 'tls', 'OAuth2', 'password-cleartext', 'client-IP-address'),
  fc.constantFrom('&amp;', '&lt;', '&gt;', '&quot;', '&apos;', '&#x41;', '&#65;', '&#0;', '&#xD800;', '&#xdfff;', '&#x110000;', '&#99999999999;', '&#x25;EMAILADDRESS&#x25;', '&lol;', '&e1;', '&unknown;', '&amp;e1;', '&'),
  fc.constantFrom('<![CDATA[<hostname>evil</hostname>&e1;]]>', '<!-- comment -->', '<?pi data?>', ' ', '\n', '\t'),
  fc.domain(),
  fc.nat({ max: 70_000 }).map(String),
  anyText.map(escapeText),
  anyText,
  prototypeKey,
);
const attributeValue = fc.oneof(fc.constantFrom('imap', 'IMAP', 'pop3', 'smtp', 'exchange', 'jmap', '', '1.1'), prototypeKey, anyText.map(escapeAttribute), textValue.map(escapeAttribute));
const attribute = fc.tuple(fc.oneof(fc.constantFrom('type', 'id', 'version', 'xmlns'), prototypeKey), attributeValue, fc.constantFrom('"', "'")).map(([name, value, q]) => ` ${name}=${q}${q === "'" ? value.replace(/'/gu, '&apos;') : value}${q}`);

const { node } = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    textValue,
    fc.tuple(elementName, fc.array(attribute, { maxLength: 3 }), fc.array(tie('node'), { maxLength: 5 }), fc.boolean()).map(([name, attrs, children, selfClosing]) =>
      selfClosing && children.length === 0 ? `<${name}${attrs.join('')}/>` : `<${name}${attrs.join('')}>${children.join('')}</${name}>`,
    ),
  ),
}));

/**
 * Mostly a valid value, else a property name of Object.prototype or any value: most servers are
 * read through, some skipped for one bad field, and lookup tables meet `constructor`.
 */
const mostly = (valid: fc.Arbitrary<string>, other: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.oneof({ weight: 8, arbitrary: valid }, { weight: 1, arbitrary: fc.constantFrom('constructor', '__proto__', 'CONSTRUCTOR') }, { weight: 1, arbitrary: prototypeKey }, { weight: 2, arbitrary: other });

/** A server element of the right shape with fuzzed values, so the readers past the XML are reached. */
const serverElement = fc
  .tuple(
    fc.constantFrom('incomingServer', 'outgoingServer'),
    mostly(fc.constantFrom('imap', 'pop3', 'smtp', 'IMAP'), attributeValue),
    mostly(fc.oneof(fc.domain(), fc.constantFrom('imap.%EMAILDOMAIN%', '%EMAILDOMAIN%', 'mail.acme.test.', '[2001:db8::1]', '192.0.2.1')), textValue),
    mostly(fc.integer({ min: 1, max: 65535 }).map(String), textValue),
    mostly(fc.constantFrom('SSL', 'STARTTLS', 'plain', 'ssl', 'TLS'), textValue),
    fc.array(mostly(fc.constantFrom('password-cleartext', 'OAuth2', 'password-encrypted', 'client-IP-address'), textValue), { maxLength: 2 }),
    fc.option(mostly(fc.constantFrom('%EMAILADDRESS%', '%EMAILLOCALPART%', 'alice'), textValue), { nil: undefined }),
  )
  .map(([element, type, host, port, socket, auth, user]) =>
    `<${element} type="${type}"><hostname>${host}</hostname><port>${port}</port><socketType>${socket}</socketType>${auth.map((a) => `<authentication>${a}</authentication>`).join('')}${user === undefined ? '' : `<username>${user}</username>`}</${element}>`,
  );

/** DOCTYPEs that try to expand: internal entities (billion laughs), external ones (XXE), parameter entities. */
const doctype = fc.oneof(
  fc.constant(''),
  fc.constant(`<!DOCTYPE clientConfig [<!ENTITY e1 "${EXPANDED}"><!ENTITY e2 "&e1;&e1;&e1;&e1;&e1;&e1;&e1;&e1;&e1;&e1;">]>`),
  fc.constant(`<!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]>`),
  fc.constant('<!DOCTYPE clientConfig [<!ENTITY e1 SYSTEM "file:///etc/passwd">]>'),
  fc.constant('<!DOCTYPE clientConfig SYSTEM "http://127.0.0.1:9/evil.dtd">'),
  fc.constant(`<!DOCTYPE clientConfig [<!ENTITY % pe "<!ENTITY e1 '${EXPANDED}'>"> %pe;]>`),
  fc.constant('<!DOCTYPE clientConfig [<!ELEMENT clientConfig ANY><!ATTLIST clientConfig version CDATA "1.1">]>'),
  fc.constant('<!DOCTYPE clientConfig ['),
);
const entityUse = fc.constantFrom('&e1;', '&e2;', '&lol9;', '&lol;');

const document = fc
  .tuple(
    fc.constantFrom('', '<?xml version="1.0" encoding="UTF-8"?>\n', '\ufeff<?xml version="1.0"?>', '<?xml version="1.1"?>'),
    doctype,
    fc.array(
      fc.oneof(
        { weight: 4, arbitrary: serverElement },
        { weight: 2, arbitrary: node },
        { weight: 1, arbitrary: entityUse.map((e) => `<displayName>${e}</displayName>`) },
        { weight: 1, arbitrary: entityUse.map((e) => `<incomingServer type="imap"><hostname>${e}</hostname><port>993</port><socketType>SSL</socketType><username>${e}</username></incomingServer>`) },
      ),
      { maxLength: 6 },
    ),
    fc.array(attribute, { maxLength: 2 }),
  )
  .map(([prolog, dtd, children, attrs]) => `${prolog}${dtd}<clientConfig version="1.1"><emailProvider${attrs.join('')}>${children.join('\n')}</emailProvider></clientConfig>`);

/** A real document with a few random edits: cut, insert, duplicate, replace, truncate. */
const mutation = fc.tuple(fc.constantFrom('delete', 'insert', 'duplicate', 'replace', 'truncate'), fc.nat(), fc.nat({ max: 40 }), fc.oneof(textValue, node, anyText, fc.constantFrom('<', '>', '</', '"', '&', ']]>', '<!--', '<!DOCTYPE x [', '<![CDATA[')));
function mutate(xml: string, [kind, at, length, fragment]: [string, number, number, string]): string {
  const i = at % (xml.length + 1);
  if (kind === 'delete') return xml.slice(0, i) + xml.slice(i + length);
  if (kind === 'insert') return xml.slice(0, i) + fragment + xml.slice(i);
  if (kind === 'duplicate') return xml.slice(0, i + length) + xml.slice(i, i + length) + xml.slice(i + length);
  if (kind === 'replace') return xml.slice(0, i) + fragment + xml.slice(i + length);
  return xml.slice(0, i);
}
const mutated = fc
  .tuple(fc.oneof(fc.constant(autoconfigXml('acme.test')), document), fc.array(mutation, { minLength: 1, maxLength: 5 }))
  .map(([xml, edits]) => edits.reduce(mutate, xml));

describe('fuzz: parseAutoconfig reads any document without throwing, hanging or expanding entities', function () {
  it('random documents built from the format’s elements, attributes, entities and DOCTYPEs', function () {
    fc.assert(
      fc.property(document, (xml) => assertParsed(quickly(() => parseAutoconfig(xml, parts)), xml)),
      runs,
    );
  });

  it('a real document with random edits', function () {
    fc.assert(
      fc.property(mutated, (xml) => assertParsed(quickly(() => parseAutoconfig(xml, parts)), xml)),
      runs,
    );
  });

  it('any text at all', function () {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.string({ unit: fc.constantFrom('<', '>', '/', '!', '?', '[', ']', '&', ';', '#', '"', "'", '=', 'a', ' ', '-', 'x'), maxLength: 200 })), (xml) =>
        assertParsed(quickly(() => parseAutoconfig(xml, parts)), xml),
      ),
      runs,
    );
  });

  it('placeholders take the address literally, whatever characters its local part has', function () {
    fc.assert(
      fc.property(localPart, fc.domain(), (local, domain) => {
        const address = emailParts(`${local}@${domain}`);
        assert.equal(fillPlaceholders('%EMAILADDRESS%', address), address.email);
        assert.equal(fillPlaceholders('x%EMAILLOCALPART%y%EMAILDOMAIN%z', address), `x${address.localPart}y${address.domain}z`);
      }),
      runs,
    );
  });

  describe('documents as large as the fetch limit (1 MiB) stay within a bounded time', function () {
    this.timeout(30_000);
    const max = DEFAULT_MAX_AUTOCONFIG_BYTES;
    const server = '<incomingServer type="imap"><hostname>imap.acme.test</hostname><port>993</port><socketType>SSL</socketType></incomingServer>';
    const wrap = (inner: string, attrs = ''): string => `<clientConfig><emailProvider${attrs}>${inner}</emailProvider></clientConfig>`;
    const lol = `<!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]>`;
    const cases: [string, string][] = [
      ['a huge attribute value', wrap(server, ` id="${'x'.repeat(max)}"`)],
      ['a huge attribute of entities', wrap(server, ` id="${'&amp;&#x41;'.repeat(max / 11)}"`)],
      ['many attributes', wrap(server, Array.from({ length: max / 12 }, (_, i) => ` a${i}="1"`).join(''))],
      ['a huge host name', wrap(server.replace('imap.acme.test', 'a.'.repeat(max / 2)))],
      ['a huge socketType', wrap(server.replace('SSL', 'S'.repeat(max)))],
      ['deep nesting', wrap(`${'<a>'.repeat(max / 8)}${'</a>'.repeat(max / 8)}`)],
      ['unclosed tags', `<clientConfig>${'<a>'.repeat(max / 3)}`],
      ['many servers', wrap(server.repeat(max / server.length))],
      ['billion laughs used everywhere', lol + wrap(`<displayName>${'&lol9;'.repeat(max / 7)}</displayName>${server}`)],
      ['a huge DOCTYPE', `<!DOCTYPE x [${'<!ENTITY a "b">'.repeat(max / 16)}]>${wrap(server)}`],
      ['numeric references', wrap(`<displayName>${'&#xD800;&#65;'.repeat(max / 14)}</displayName>${server}`)],
      ['a long tag name', `<${'a'.repeat(max)}>`],
    ];
    for (const [name, xml] of cases) {
      it(name, function () {
        assert.ok(xml.length <= max * 1.1, `${xml.length} bytes`);
        assertParsed(quickly(() => parseAutoconfig(xml, parts), 10_000), xml);
      });
    }
  });
});
