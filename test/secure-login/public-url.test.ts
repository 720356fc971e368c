import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { main } from '../../app/main';
import { checkPublicUrl } from '../../src/secure-login/public-url';
import { InvalidInputError } from '../../src/settings/invalid-input';

/** Issue 12 §6: the password page is served only behind an https MAILHELP_PUBLIC_URL. */
describe('secure-login: MAILHELP_PUBLIC_URL must be https', function () {
  for (const url of ['https://bot.example.com', 'https://bot.example.com/mailhelp/', 'http://127.0.0.1:3000', 'http://localhost:8080', 'http://[::1]:3000', 'http://127.8.9.10']) {
    it(`accepts ${url}`, function () {
      assert.doesNotThrow(() => checkPublicUrl(url));
    });
  }
  for (const url of ['http://bot.example.com', 'http://10.0.0.5:3000', 'http://[::ffff:10.0.0.5]/', 'ftp://bot.example.com', 'http://localhost.example.com']) {
    it(`refuses ${url}`, function () {
      assert.throws(() => checkPublicUrl(url), (error: unknown) => error instanceof InvalidInputError && error.key === 'harden:public_url.not_https');
    });
  }
  it('refuses what is no URL at all', function () {
    assert.throws(() => checkPublicUrl('bot.example.com'), (error: unknown) => error instanceof InvalidInputError && error.key === 'harden:public_url.invalid');
  });

  for (const [lang, words] of [['en', /must start with https:\/\//], ['de', /muss mit https:\/\/ beginnen/], ['ja', /https:\/\/ で始める/]] as const) {
    it(`mailhelp start stops at once with one line (${lang}), exit 2`, async function () {
      const stderr = new PassThrough();
      let text = '';
      stderr.setEncoding('utf8').on('data', (d: string) => (text += d));
      const code = await main(['start'], { stdout: new PassThrough(), stderr, stdin: new PassThrough(), env: { MAILHELP_PUBLIC_URL: 'http://bot.example.com', MAILHELP_LANG: lang } });
      assert.equal(code, 2);
      assert.match(text, words);
      assert.equal(text.trim().split('\n').length, 1, text);
    });
  }
});
