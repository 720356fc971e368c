import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import { baseDomain, findProviderByDomain, findProviderByMx, globMatches, PROVIDERS } from '../../src/discovery/providers/provider-table';
import type { ProviderEntry } from '../../src/discovery/providers/provider-types';
import type { TripUpKind } from '../../src/discovery/discovery-result';
import { parseHost } from '../../src/settings/parse-settings';
import { IMPLICIT_TLS_PORTS, type ServerSettings } from '../../src/settings/server-settings';

const TRIP_UP_KINDS: readonly TripUpKind[] = [
  'app_password_with_mfa', 'app_password_required', 'enable_imap', 'basic_auth_disabled',
  'oauth_only', 'authorization_code', 'imap_id_required', 'local_bridge',
];

/** The providers the issue names, by the domain a user would type. */
const REQUIRED: Record<string, string> = {
  'gmail.com': 'google', 'outlook.com': 'outlook', 'hotmail.com': 'outlook', 'contoso.onmicrosoft.com': 'microsoft365',
  'yahoo.com': 'yahoo', 'aol.com': 'aol', 'icloud.com': 'icloud', 'zoho.com': 'zoho', 'fastmail.com': 'fastmail',
  'gmx.net': 'gmx', 'gmx.de': 'gmx', 'web.de': 'webde', 'yandex.ru': 'yandex', 'mail.ru': 'mailru', 'qq.com': 'qq',
  '163.com': 'netease163', 'proton.me': 'proton-bridge',
};

function checkServer(entry: ProviderEntry, s: ServerSettings, side: 'incoming' | 'outgoing'): void {
  const where = `${entry.id} ${side} ${s.host}:${s.port}`;
  assert.equal(parseHost(s.host), s.host, `${where}: host is valid and lower case`);
  assert.ok(Number.isInteger(s.port) && s.port > 0 && s.port < 65536, `${where}: port`);
  assert.ok(side === 'incoming' ? s.protocol !== 'smtp' : s.protocol === 'smtp', `${where}: protocol on the right side`);
  // RFC 8314: implicit TLS ports carry TLS from the first byte; the others never do.
  assert.equal(IMPLICIT_TLS_PORTS.has(s.port), s.security === 'tls', `${where}: security ${s.security} fits the port`);
  assert.notEqual(s.security, 'none', `${where}: never plaintext`);
  if (!entry.local) assert.equal(isIP(s.host), 0, `${where}: a public provider is named, not numbered`);
}

describe('discovery/provider table', function () {
  it('has every provider the issue names, found by its domain', function () {
    for (const [domain, id] of Object.entries(REQUIRED)) assert.equal(findProviderByDomain(domain)?.id, id, domain);
  });

  it('every entry is complete and well-formed', function () {
    const ids = new Set<string>();
    const domains = new Set<string>();
    for (const entry of PROVIDERS) {
      assert.match(entry.id, /^[a-z0-9-]+$/, 'id');
      assert.ok(!ids.has(entry.id), `${entry.id}: unique id`);
      ids.add(entry.id);
      assert.ok(entry.name.trim(), `${entry.id}: name`);
      assert.ok(entry.domains.length > 0, `${entry.id}: domains`);
      for (const domain of entry.domains) {
        assert.equal(parseHost(domain.replace(/^\*\./, '')), domain.replace(/^\*\./, ''), `${entry.id}: domain ${domain}`);
        assert.ok(!domains.has(domain), `${domain} belongs to one provider only`);
        domains.add(domain);
      }
      for (const pattern of entry.mx) assert.match(pattern, /^[a-z0-9*.-]+\.[a-z]{2,}$/, `${entry.id}: MX pattern ${pattern}`);
      assert.ok(entry.incoming.length > 0 && entry.outgoing.length > 0, `${entry.id}: incoming and outgoing`);
      for (const s of [...entry.incoming, ...(entry.hosted?.incoming ?? [])]) checkServer(entry, s, 'incoming');
      for (const s of [...entry.outgoing, ...(entry.hosted?.outgoing ?? [])]) checkServer(entry, s, 'outgoing');
      assert.ok(entry.sources.length > 0 && entry.sources.every((s) => s.trim().length > 10), `${entry.id}: a source for the settings`);
      for (const trip of entry.tripUps) {
        assert.ok(TRIP_UP_KINDS.includes(trip.kind), `${entry.id}: trip-up kind ${trip.kind}`);
        assert.ok(trip.source.trim(), `${entry.id}: source of ${trip.kind}`);
        if (trip.url) assert.match(trip.url, /^https?:\/\/[a-z0-9.-]+\//, `${entry.id}: ${trip.kind} url`);
      }
      assert.ok(entry.username === 'address' || entry.username === 'localpart');
    }
  });

  it('lists best settings first: implicit TLS before STARTTLS within each protocol', function () {
    for (const entry of PROVIDERS) {
      for (const list of [entry.incoming, entry.outgoing]) {
        for (const protocol of ['imap', 'pop3', 'smtp']) {
          const ranks = list.filter((s) => s.protocol === protocol).map((s) => (s.security === 'tls' ? 0 : 1));
          assert.deepEqual(ranks, [...ranks].sort(), `${entry.id} ${protocol}`);
        }
      }
    }
  });

  it('carries the trip-ups users hit: app passwords, enabling IMAP, basic auth off', function () {
    const kinds = (id: string) => PROVIDERS.find((p) => p.id === id)?.tripUps.map((t) => t.kind) ?? [];
    assert.ok(kinds('google').includes('app_password_with_mfa'));
    assert.ok(kinds('icloud').includes('app_password_required'));
    assert.ok(kinds('gmx').includes('enable_imap'));
    assert.ok(kinds('webde').includes('enable_imap'));
    assert.ok(kinds('microsoft365').includes('basic_auth_disabled'));
    assert.ok(kinds('outlook').includes('oauth_only'));
    assert.ok(kinds('netease163').includes('imap_id_required'));
  });

  it('maps MX hosts to the hosting provider, most specific pattern first', function () {
    const cases: Record<string, string | undefined> = {
      'aspmx.l.google.com': 'google',
      'alt2.aspmx.l.google.com': 'google',
      'aspmx3.googlemail.com': 'google',
      'smtp.google.com': 'google',
      'contoso-com.mail.protection.outlook.com': 'microsoft365',
      'hotmail-com.olc.protection.outlook.com': 'outlook',
      'mx.zoho.com': 'zoho',
      'mx2.zoho.eu': 'zoho-eu',
      'in1-smtp.messagingengine.com': 'fastmail',
      'mx01.mail.icloud.com': 'icloud',
      'mta6.am0.yahoodns.net': 'yahoo',
      'mx00.gmx.net': 'gmx',
      'mx-ha03.web.de': 'webde',
      'mxs.mail.ru': 'mailru',
      'mx.yandex.net': 'yandex',
      'mx1.qq.com': 'qq',
      'mail.protonmail.ch': 'proton-bridge',
      'mx.acme.test': undefined,
      'mail.example.co.uk': undefined,
    };
    for (const [mx, id] of Object.entries(cases)) assert.equal(findProviderByMx(mx)?.provider.id, id, mx);
  });

  it('matches globs and base domains as documented', function () {
    assert.ok(globMatches('*.google.com', 'aspmx.l.google.com'));
    assert.ok(!globMatches('*.google.com', 'google.com.evil.test'));
    assert.ok(globMatches('mx*.zoho.eu', 'mx3.zoho.eu'));
    assert.ok(!globMatches('mx*.zoho.eu', 'mx.zoho.eu.attacker.test'));
    assert.equal(baseDomain('mx1.mail.hoster.com'), 'hoster.com');
    assert.equal(baseDomain('mx.example.co.uk'), 'example.co.uk');
    assert.equal(baseDomain('co.uk'), undefined);
  });
});
