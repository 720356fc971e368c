import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { FakeSlackApi } from './support/fake-slack-api';
import { formBody, postSigned, slashCommandFields } from './support/slack-requests';

const ROOT = join(__dirname, '..', '..');
const SECRET = 'process-signing-secret';

interface Started {
  child: ChildProcess;
  ready: Record<string, any>;
  exited: Promise<number | null>;
}

/** `mailhelp start` as deployed: configured only by the environment, ready when it logs so. */
function startProcess(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'mailhelp.js'), 'start'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no ready line in 15 s:\n${out}\n${err}`)), 15_000);
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.includes('"msg":"slack: ready'));
      if (line) {
        clearTimeout(timer);
        resolve({ child, ready: JSON.parse(line), exited });
      }
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} before ready:\n${out}\n${err}`)));
  });
}

describe('mailhelp start with Slack configured (child process)', function () {
  this.timeout(40_000);
  let fake: FakeSlackApi;

  beforeEach(async () => {
    fake = await new FakeSlackApi().start();
  });
  afterEach(() => fake.stop());

  it('HTTP mode: listens on PORT, answers a signed /mailhelp, and stops cleanly on SIGTERM', async () => {
    const { child, ready, exited } = await startProcess({ SLACK_BOT_TOKEN: fake.botToken, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl });
    try {
      assert.equal(ready.mode, 'http');
      assert.ok(ready.port > 0);
      const fields = slashCommandFields({ text: '', channel: 'C0GENERAL', user: 'U0ALICE', triggerId: fake.issueTriggerId(), responseUrl: fake.responseUrl() });
      const ack = await postSigned(`http://127.0.0.1:${ready.port}/slack/events`, formBody(fields), 'application/x-www-form-urlencoded', SECRET);
      assert.equal(ack.status, 200);
      await fake.waitFor('chat.postMessage', (c) => /email address/.test(c.args.text ?? ''));
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
  });

  it('Socket Mode when SLACK_APP_TOKEN is set: connects through apps.connections.open', async () => {
    const { child, ready, exited } = await startProcess({ SLACK_BOT_TOKEN: fake.botToken, SLACK_APP_TOKEN: fake.appToken, SLACK_API_URL: fake.apiUrl });
    try {
      assert.equal(ready.mode, 'socket');
      const fields = slashCommandFields({ text: '', channel: 'C0GENERAL', user: 'U0ALICE', triggerId: fake.issueTriggerId(), responseUrl: fake.responseUrl() });
      await fake.socketMode.send('slash_commands', fields);
      await fake.waitFor('chat.postMessage', (c) => /email address/.test(c.args.text ?? ''));
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
  });
});
