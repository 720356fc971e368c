import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { startConsole } from '../../adapters/console/start-console';
import type { Diagnose } from '../../src/conversation/runner/runner-dependencies';
import type { DiagnoseRequest } from '../../src/diagnosis/diagnose-request';
import { ACME_DISCOVERY, check, report, STARTTLS_ON_993 } from '../conversation/support/fixtures';

const PASSWORD = 'pa55-w0rd-never-shown';

interface Run {
  transcript: string;
  requests: DiagnoseRequest[];
  escalated: string[];
}

/** Runs the console on piped input (no TTY), as a script or CI would. */
async function runConsole(lines: string[], diagnose?: Diagnose, language?: string): Promise<Run> {
  const input = new PassThrough();
  const output = new PassThrough();
  let transcript = '';
  output.on('data', (chunk: Buffer) => {
    transcript += chunk.toString('utf8');
  });
  const requests: DiagnoseRequest[] = [];
  const escalated: string[] = [];
  const done = startConsole({
    input,
    output,
    ...(language ? { language } : { language: 'en' }),
    discover: async () => ACME_DISCOVERY,
    diagnose:
      diagnose ??
      (async (request) => {
        requests.push(request);
        request.options?.onProgress?.(check('dns'));
        await new Promise((r) => setTimeout(r, 20));
        return report();
      }),
    escalate: async (text) => {
      escalated.push(text);
    },
  });
  input.end(lines.map((l) => `${l}\n`).join(''));
  await done;
  return { transcript, requests, escalated };
}

describe('console adapter (piped input)', () => {
  it('runs a whole conversation from /mailhelp to the report and echoes the input for a readable transcript', async () => {
    const run = await runConsole(['/mailhelp', 'alice@acme.com', 'yes', 'receiving', 'no', 'help desk', 'done']);
    const t = run.transcript;
    assert.match(t, /Type \/mailhelp to start/);
    assert.match(t, /> \/mailhelp\nHi! I'll find out/);
    assert.match(t, /> alice@acme\.com\nLooking up the settings for acme\.com…/);
    assert.match(t, /Incoming: IMAP imap\.acme\.com, port 993, SSL\/TLS/);
    assert.match(t, / {2}1\) Yes, it uses these\n {2}2\) No, I'll enter mine/);
    assert.match(t, /Checking imap\.acme\.com:993…\n {2}✓ Incoming · DNS lookup: passed \(3 ms\)/);
    assert.match(t, /Mail check for alice@acme\.com\n=+\n✗ Problem found: The server's certificate has expired/);
    assert.match(t, /I've sent this report to the help desk/);
    assert.match(t, /Glad I could help/);
    assert.match(t, /Bye!\n$/);
    assert.deepEqual(run.requests[0]?.settings, { email: 'alice@acme.com', incoming: ACME_DISCOVERY.incoming[0]?.settings });
    assert.match(run.escalated[0] ?? '', /^Mail check for alice@acme\.com/);
  });

  it('a question right after the report (which app?) starts after a blank line, below the report\'s own question and hint', async () => {
    const starttls = async () => report([STARTTLS_ON_993], { email: 'alice@acme.com', incoming: { protocol: 'imap', host: 'imap.acme.com', port: 993, security: 'starttls' } });
    const run = await runConsole(['/mailhelp imap.acme.com:993', '12', '5'], starttls);
    const t = run.transcript;
    assert.match(t, /\n {2}5\) Close check\n\(Type a number from 1 to 5\.\)\n\nWhich app do you use for this account\?[^\n]*\n {2}1\) /u, t);
    assert.equal(t.match(/What would you like to do next\?/gu)?.length, 2, t);
  });

  it('has no buttons, so its texts say what to type: the closed form, the help, an unknown app, a report answer it did not get', async () => {
    const starttls = async () => report([STARTTLS_ON_993], { email: 'alice@acme.com', incoming: { protocol: 'imap', host: 'imap.acme.com', port: 993, security: 'starttls' } });
    const run = await runConsole(['/mailhelp alice@acme.com', 'yes', 'receiving', 'yes', '/back', 'skip', 'help', 'frobnicate', '12', 'xyz', '5'], starttls);
    const t = run.transcript;
    assert.match(t, /Closed the form\? Type form to open it again, or skip to go on without the sign-in test\./u);
    assert.match(t, /Type a number from the list or your answer\. Type cancel to stop at any time\./u);
    assert.match(t, /I don't know that app\. Type its number or its name \(like Thunderbird or iPhone\)\./u);
    assert.match(t, /Sorry, I didn't get that\. Type the number of one of the options\./u);
    assert.match(t, /Checking imap\.acme\.com:993…/u, 'skip started the check without the sign-in test');
    assert.doesNotMatch(t, /button/iu, t);
  });

  it('prints the cause, fix and evidence; the settings and checks only on "Show details"; the help desk gets them all', async () => {
    const run = await runConsole(['/mailhelp', 'alice@acme.com', 'yes', 'receiving', 'no', 'details', 'help desk', '5']);
    const t = run.transcript;
    const reportAt = t.indexOf('✗ Problem found:');
    const detailsAt = t.indexOf('\nDetails\n-------\nSettings checked\n');
    assert.ok(reportAt > 0 && detailsAt > reportAt, t);
    const report = t.slice(reportAt, detailsAt);
    assert.match(report, /How to fix it: Renew the certificate[\s\S]*» certificate for imap\.acme\.com expired on 2026-10-01/u);
    assert.doesNotMatch(report, /Settings checked|Checks\n/u, 'not in the report itself');
    // The actions are asked like any question: what to do next, the numbers, how to pick one.
    assert.match(report, /\nWhat would you like to do next\?\n {2}1\) Check again\n {2}2\) Check another account\n {2}3\) Send to help desk\n {2}4\) Show details\n {2}5\) Close check\n\(Type a number from 1 to 5\.\)\n/u);
    assert.match(t.slice(detailsAt), /✗ Incoming · TLS and certificate +failed \(3 ms\)/u);
    assert.match(run.escalated[0] ?? '', /\nDetails\n-+\nSettings checked\n[\s\S]*Checks\n/u);
    assert.match(t, /Glad I could help/);
  });

  it('asks a private form field by field, and never prints the password', async () => {
    const run = await runConsole(['/mailhelp alice@acme.com', '1', '1', 'yes', '', PASSWORD, '4']);
    assert.match(run.transcript, /— Test sign-in —\nYour password goes only into a private form/);
    assert.match(run.transcript, /User name \(usually your email address\) \[alice@acme\.com\]: \n/);
    assert.match(run.transcript, /Password \(used once, never stored\) — hidden while you type: \*{8}\n/);
    assert.ok(!run.transcript.includes(PASSWORD));
    assert.deepEqual(run.requests[0]?.credentials, { user: 'alice@acme.com', password: PASSWORD });
  });

  it('a password typed in the chat is not repeated and the user is told to change it', async () => {
    const run = await runConsole(['/mailhelp alice@acme.com', '1', '1', 'yes', '/back', PASSWORD, 'cancel']);
    // The echo of piped input is the script's own line; the bot never repeats it.
    assert.equal(run.transcript.split(PASSWORD).length - 1, 1);
    assert.match(run.transcript, /change it now/);
    assert.match(run.transcript, /Cancelled\./);
  });

  it('fills the settings form with defaults, numbered options and re-asks bad values', async () => {
    const run = await runConsole(['/mailhelp alice@acme.com', '2', '1', '1', '2', 'mail.acme.com', '143', '9', 'starttls', 'no', 'done']);
    assert.match(run.transcript, /Protocol:\n {2}1\) IMAP\n {2}2\) POP3\nYour choice \[IMAP\]: 2/);
    assert.match(run.transcript, /Please type a number from 1 to 3\./);
    assert.deepEqual(run.requests[0]?.settings.incoming, { protocol: 'pop3', host: 'mail.acme.com', port: 143, security: 'starttls' });
  });

  it('waits for running checks when piped input ends, then says goodbye', async () => {
    const run = await runConsole(['/mailhelp imap.acme.com:993'], async (request) => {
      await new Promise((r) => setTimeout(r, 100));
      request.options?.onProgress?.(check('tcp'));
      return report();
    });
    assert.match(run.transcript, /Finished 3 checks in 0\.4 s\.\n\nMail check for alice@acme\.com/);
    assert.match(run.transcript, /Bye!\n$/);
  });

  it('lines before /mailhelp get a hint; /quit leaves at once', async () => {
    const run = await runConsole(['hello', '/quit', '/mailhelp']);
    assert.match(run.transcript, /> hello\nType \/mailhelp to start a check/);
    assert.ok(!run.transcript.includes("Hi! I'll find out"));
  });

  it('each /mailhelp starts a new conversation; cancel ends one and the next line gets the hint', async () => {
    const run = await runConsole(['/mailhelp', 'cancel', 'alice@acme.com', '/mailhelp', 'cancel']);
    assert.equal(run.transcript.match(/Cancelled\./g)?.length, 2);
    assert.match(run.transcript, /> alice@acme\.com\nType \/mailhelp to start a check/);
  });

  it('speaks the chosen language and follows /mailhelp lang', async () => {
    const run = await runConsole(['/mailhelp lang de', 'cancel']);
    assert.match(run.transcript, /OK, ab jetzt spreche ich Deutsch\./);
  });
});
