import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createConsole } from '../../adapters/console/start-console';
import type { DiagnoseRequest } from '../../src/diagnosis/diagnose-request';
import { freeLoopbackPort, submitOnLoginPage } from '../support/login-page-client';
import { ACME_DISCOVERY, report } from '../conversation/support/fixtures';

const PASSWORD = 'console-page-secret-42';

/** Resolves once `pattern` shows in what the console printed. */
function waitFor(read: () => string, pattern: RegExp, ms = 10_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = (): void => {
      const match = pattern.exec(read());
      if (match) return resolve(match);
      if (Date.now() - started > ms) return reject(new Error(`no ${pattern} in:\n${read()}`));
      setTimeout(poll, 10);
    };
    poll();
  });
}

describe('console adapter with the one-time password page (MAILHELP_PUBLIC_URL)', function () {
  it('serves the page on loopback, prints the link instead of asking at the prompt, and the posted password runs the login test', async function () {
    const port = await freeLoopbackPort();
    const input = new PassThrough();
    const output = new PassThrough();
    let transcript = '';
    output.on('data', (chunk: Buffer) => (transcript += chunk.toString('utf8')));
    const requests: DiagnoseRequest[] = [];
    const app = await createConsole({
      input,
      output,
      language: 'en',
      discover: async () => ACME_DISCOVERY,
      diagnose: async (request) => {
        requests.push(request);
        return report();
      },
      loginPage: { publicUrl: `http://127.0.0.1:${port}`, port, host: '127.0.0.1' },
    });
    assert.deepEqual([app.loginPage?.address, app.loginPage?.port], ['127.0.0.1', port]);
    const running = app.run();
    // The input stays open: the user is at the terminal while the page is used in a browser.
    input.write(['/mailhelp alice@acme.com', '1', '1', 'yes'].map((l) => `${l}\n`).join(''));
    const [, url] = await waitFor(() => transcript, /— Test sign-in —\nEnter your password on this private page[^\n]*\n(http:\/\/127\.0\.0\.1:\d+\/login\/\S+)\n/);
    assert.ok(!/Password \(used once/.test(transcript), 'no prompt for the password');

    const response = await submitOnLoginPage(url!, PASSWORD);
    assert.equal(response.status, 200);
    await waitFor(() => transcript, /Mail check for alice@acme\.com/);
    assert.deepEqual(requests[0]?.credentials, { user: 'alice@acme.com', password: PASSWORD });

    input.end('done\n');
    await running;
    assert.match(transcript, /Bye!\n$/);
    assert.ok(!transcript.includes(PASSWORD));
    // The page closed with the console.
    await assert.rejects(fetch(url!));
  });
});
