import assert from 'node:assert/strict';
import { maskTransformed, redactSecret } from '../../src/logging/redact-secret';

describe('redactSecret: pieces of the secret and the server\'s own words', function () {
  const secret = 'wrong-password';

  it('keeps a reply word that is only a piece of the secret ("Password" of "wrong-password")', function () {
    assert.equal(redactSecret('535 5.7.8 Username and Password not accepted', secret), '535 5.7.8 Username and Password not accepted');
  });

  it('still masks the secret in any case, and every piece that is not a reply word', function () {
    assert.equal(redactSecret('you sent WRONG-PASSWORD', secret), 'you sent [redacted]');
    assert.equal(maskTransformed('echo: rong-pa!', secret, '#'), 'echo: #!');
    assert.equal(maskTransformed('echo: w r o n g - p a s s w o r d', secret, '#'), 'echo: #');
  });

  it('a secret that is a reply word itself is still masked whole', function () {
    assert.equal(redactSecret('the password Password was refused', 'Password'), 'the [redacted] [redacted] was refused');
  });
});
