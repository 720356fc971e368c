import assert from 'node:assert/strict';
import { startBotProcess, type StartedBot } from '../support/start-bot-process';
import { FakeDiscord } from './support/fake-discord';


/** `mailhelp start` as deployed, with this test's environment. */
function startProcess(env: Record<string, string>): Promise<StartedBot> {
  return startBotProcess({ ...env }, 'discord: ready');
}

describe('mailhelp start with Discord configured (child process)', function () {
  this.timeout(40_000);

  it('connects with DISCORD_TOKEN, logs one ready line, answers /mailhelp, and stops cleanly on SIGTERM', async function () {
    const fake = await new FakeDiscord().start();
    try {
      const { child, ready, exited } = await startProcess({ DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl });
      try {
        assert.equal(ready.adapter, 'discord');
        assert.equal(ready.user, 'mailhelp');
        const command = fake.slashCommand();
        await fake.rest.waitFor('POST', new RegExp(`^/interactions/${command.id}/`, 'u'));
        assert.equal(command.callbackType, 9, 'the address form opens');
      } finally {
        child.kill('SIGTERM');
      }
      assert.equal(await exited, 0);
    } finally {
      await fake.stop();
    }
  });
});
