import { ConversationRunner } from '../../../src/conversation/runner/runner';
import { withLoginPage } from '../../../src/conversation/runner/with-login-page';
import { Secret } from '../../../src/conversation/secret';
import type { ConversationEvent } from '../../../src/conversation/events';
import type { ConversationKey } from '../../../src/store/conversation-key';
import { ALL_CAPABILITIES } from '../../conversation/support/driver';
import { LinkRecordingOutput, RecordingOutput } from '../../conversation/support/recording-output';
import { freeLoopbackPort, submitOnLoginPage } from '../../support/login-page-client';
import { instruments } from './instruments';
import type { SecretMail } from './secret-scenario';
import type { Captured, SecretDriver } from './secret-suite';

const KEY: ConversationKey = { platform: 'test', channel: 'C1', thread: 'T1' };

/** The shared instruments (pino into memory, a recording store, the engine's reports) and what the recording output saw. */
function runnerInstruments() {
  const { logs, logger, store, reports, engine } = instruments();
  const captured = async (output: RecordingOutput): Promise<Captured> => ({
    logs,
    store: await store.records(),
    reports: [...reports, ...output.records.filter((r) => r.kind === 'report' || r.kind === 'escalate').map((r) => JSON.stringify(r))],
    chat: output.records.map((r) => JSON.stringify(r)),
  });
  return { logger, store, engine, captured };
}

/** The flow of the suite, through the runner; `givePassword` is the platform's private form or page. */
async function converse(runner: ConversationRunner, output: RecordingOutput, mail: SecretMail, givePassword: () => Promise<void>): Promise<void> {
  const send = async (event: ConversationEvent) => {
    await runner.handle(KEY, event, output);
    await runner.settled();
  };
  await send({ type: 'started', user: { id: 'U1', name: 'alice' }, text: mail.email, capabilities: ALL_CAPABILITIES });
  await send({ type: 'choice', choiceId: 'expected' });
  await send({ type: 'choice', choiceId: 'both' });
  await send({ type: 'choice', choiceId: 'login' });
  await givePassword();
  await runner.settled();
  await send({ type: 'choice', choiceId: 'helpdesk' });
  await send({ type: 'choice', choiceId: 'again' });
  await send({ type: 'choice', choiceId: 'login' });
  await givePassword();
  await runner.settled();
  await send({ type: 'choice', choiceId: 'done' });
}

/** The runner with a recording output: the login form submitted with the password as a Secret. */
export const runnerFormDriver: SecretDriver = {
  name: 'the runner (private chat form)',
  async converse(mail) {
    const { logger, store, engine, captured } = runnerInstruments();
    const runner = new ConversationRunner({ store, logger, discover: async () => mail.discovery, diagnose: engine, diagnoseOptions: mail.diagnoseOptions });
    const output = new RecordingOutput();
    await converse(runner, output, mail, () =>
      runner.handle(KEY, { type: 'form_submitted', formId: 'login', values: { user: mail.user, password: new Secret(mail.password) } }, output),
    );
    await runner.close();
    return captured(output);
  },
};

/** The runner with the one-time password page: the password posted over HTTP to 127.0.0.1. */
export const runnerPageDriver: SecretDriver = {
  name: 'the runner (one-time password page)',
  async converse(mail) {
    const { logger, store, engine, captured } = runnerInstruments();
    const port = await freeLoopbackPort();
    const { runner, page } = withLoginPage(
      { store, logger, discover: async () => mail.discovery, diagnose: engine, diagnoseOptions: mail.diagnoseOptions },
      { publicUrl: `http://127.0.0.1:${port}`, logger },
    );
    await page.listen(port, '127.0.0.1');
    const output = new LinkRecordingOutput();
    try {
      await converse(runner, output, mail, async () => {
        const link = output.of('link').at(-1)?.link;
        if (!link) throw new Error('no link to the password page');
        const response = await submitOnLoginPage(link.url, mail.password);
        if (response.status !== 200) throw new Error(`the page answered ${response.status}`);
      });
    } finally {
      await runner.close();
      await page.close();
    }
    return captured(output);
  },
};
