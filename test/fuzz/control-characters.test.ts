import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseEmail, parseHost, parseServerUrl } from '../../src/settings/parse-settings';
import { InvalidInputError } from '../../src/settings/invalid-input';
import { FUZZ_RUNS } from './support/fuzz-settings';

/** Issue 12 §7: control characters are refused before parsing, and echoed escaped. */
describe('fuzz: control characters in settings are refused, never parsed away', function () {
  const refusedEscaped = (error: unknown): boolean =>
    error instanceof InvalidInputError && error.key === 'harden:input.control_characters' && !/[\u0000-\u001f\u007f-\u009f]/.test(String(error.values.text));

  it('the red team\'s imap://good.example\\r\\n:143 is refused, not accepted as good.example', function () {
    assert.throws(() => parseServerUrl('imap://good.example\r\n:143', ['imap']), refusedEscaped);
  });

  it('property: a control character anywhere inside a URL, host or email is refused with an escaped echo', function () {
    const control = fc.integer({ min: 0, max: 0x9f }).filter((c) => c < 0x20 || c >= 0x7f).map((c) => String.fromCharCode(c));
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), control, fc.nat(), (text, bad, at) => {
        const base = 'imap.example.com';
        const i = 1 + (at % (base.length - 1));
        const host = `${base.slice(0, i)}${bad}${base.slice(i)}`;
        assert.throws(() => parseHost(host), refusedEscaped);
        assert.throws(() => parseServerUrl(`imap://${host}:993`, ['imap']), refusedEscaped);
        assert.throws(() => parseEmail(`a${bad}${text.replace(/\s/g, '')}@example.com`), refusedEscaped);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
