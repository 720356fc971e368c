import assert from 'node:assert/strict';
import { startBotProcess, type StartedBot } from '../support/start-bot-process';
import { FakeSlackApi } from './support/fake-slack-api';
import { formBody, postSigned, slashCommandFields } from './support/slack-requests';

const SECRET = 'process-signing-secret';

/** `mailhelp start` as deployed, with this test's environment. */
function startProcess(env: Record<string, string>): Promise<StartedBot> {
  return startBotProcess({ HOST: '127.0.0.1', PORT: '0', ...env }, 'slack: ready');
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
