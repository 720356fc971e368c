import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { FakeDiscord } from './support/fake-discord';

const ROOT = join(__dirname, '..', '..');

interface Started {
  child: ChildProcess;
  ready: Record<string, unknown>;
  exited: Promise<number | null>;
}

/** `mailhelp start` as deployed: configured only by the environment, ready when it logs so. */
function startProcess(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'mailhelp.js'), 'start'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'info', ...env },
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
      const lines = out.split('\n').filter((l) => l.includes('"msg":"discord: ready'));
      if (lines.length > 0) {
        clearTimeout(timer);
        resolve({ child, ready: JSON.parse(lines[0]!) as Record<string, unknown>, exited });
      }
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} before ready:\n${out}\n${err}`)));
  });
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
