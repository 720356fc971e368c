import assert from 'node:assert/strict';
import type { DiscoveryResult } from '../../src/discovery/discovery-result';
import { Driver, find, shownKeys } from './support/driver';
import { EMPTY_DISCOVERY } from './support/fixtures';

/**
 * An address whose domain DNS cannot read gets the same report in the chat as `mailhelp diagnose
 * EMAIL` prints: the conversation runs the diagnosis of the address alone instead of asking for
 * servers that do not exist.
 */
describe('conversation: an address whose domain DNS cannot read', () => {
  const unreadable = (code: 'nxdomain' | 'servfail' | 'timeout'): DiscoveryResult => ({
    ...EMPTY_DISCOVERY,
    notFound: true,
    domainLookup: { ok: false, code, message: `${code} from the test`, server: '127.0.0.1:53', ms: 3 },
  });

  for (const code of ['nxdomain', 'servfail', 'timeout'] as const) {
    it(`${code}: runs the diagnosis of the address alone`, () => {
      const d = new Driver();
      d.start('alice@acme.com');
      const effects = d.send({ type: 'discovery_finished', requestId: d.requestId, result: unreadable(code) });
      assert.equal(d.step, 'running');
      assert.deepEqual(find(effects, 'diagnose')?.settings, { email: 'alice@acme.com' });
      assert.ok(!shownKeys(effects).includes('conversation:discovery.nothing'));
    });
  }

  it('a domain that resolves but publishes nothing still asks for the settings', () => {
    const d = new Driver();
    d.start('alice@acme.com');
    const effects = d.send({ type: 'discovery_finished', requestId: d.requestId, result: { ...EMPTY_DISCOVERY, notFound: true, domainLookup: { ok: true, exchanges: [], server: '127.0.0.1:53', ms: 2 } } });
    assert.ok(shownKeys(effects).includes('conversation:discovery.nothing'));
    assert.equal(d.step, 'ask_scope');
  });
});
