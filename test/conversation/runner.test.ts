import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { ConversationRunner } from '../../src/conversation/runner/runner';
import { activeSecrets } from '../../src/logging/active-secrets';
import type { Diagnose, RunnerLogger } from '../../src/conversation/runner/runner-dependencies';
import { Secret } from '../../src/conversation/secret';
import type { ConversationState } from '../../src/conversation/state';
import type { DiagnoseRequest } from '../../src/diagnosis/diagnose-request';
import type { Discover } from '../../src/discovery/discovery-result';
import type { ConversationKey } from '../../src/store/conversation-key';
import { MemoryConversationStore } from '../../src/store/memory-conversation-store';
import { MemoryPreferenceStore } from '../../src/store/preference-store';
import { ALL_CAPABILITIES } from './support/driver';
import { ACME_DISCOVERY, check, report } from './support/fixtures';
import { ManualScheduler } from './support/manual-scheduler';
import { RecordingOutput } from './support/recording-output';

const KEY: ConversationKey = { platform: 'test', channel: 'C1', thread: 'T1' };
const PASSWORD = 'correct horse battery staple';

class RecordingLogger implements RunnerLogger {
  readonly lines: string[] = [];
  debug(details: object, message: string): void {
    this.lines.push(inspect({ level: 'debug', message, details }, { depth: 10 }));
  }
  warn(details: object, message: string): void {
    this.lines.push(inspect({ level: 'warn', message, details }, { depth: 10 }));
  }
  error(details: object, message: string): void {
    this.lines.push(inspect({ level: 'error', message, details }, { depth: 10 }));
  }
}

function setup(overrides: { discover?: Discover; diagnose?: Diagnose } = {}) {
  const scheduler = new ManualScheduler();
  const store = new MemoryConversationStore<ConversationState>({ now: () => scheduler.now() });
  const preferences = new MemoryPreferenceStore();
  const logger = new RecordingLogger();
  const requests: { request: DiagnoseRequest; language: string }[] = [];
  const diagnose: Diagnose =
    overrides.diagnose ??
    (async (request, language) => {
      requests.push({ request, language });
      request.options?.onProgress?.(check('dns'));
      request.options?.onProgress?.(check('tcp'));
      return report();
    });
  const discover: Discover = overrides.discover ?? (async () => ACME_DISCOVERY);
  const runner = new ConversationRunner({ store, preferences, discover, diagnose, scheduler, logger, diagnoseOptions: { timeoutMs: 1234 } });
  const output = new RecordingOutput();
  const send = async (event: Parameters<ConversationRunner['handle']>[1]) => {
    await runner.handle(KEY, event, output);
    await runner.settled();
  };
  const start = (text = '', locale?: string) => send({ type: 'started', user: { id: 'U1' }, text, capabilities: ALL_CAPABILITIES, ...(locale ? { locale } : {}) });
  return { scheduler, store, preferences, logger, requests, runner, output, send, start };
}

describe('ConversationRunner', () => {
  it('runs the whole flow: discovery, questions, progress, report, in the user\'s words', async () => {
    const s = setup();
    await s.start('alice@acme.com');
    assert.match(s.output.of('say')[0]?.text ?? '', /Looking up the settings for acme\.com/);
    const confirm = s.output.of('ask')[0]?.question;
    assert.match(confirm?.message.map((b) => b.text).join('\n') ?? '', /IMAP imap\.acme\.com, port 993, SSL\/TLS/);
    assert.deepEqual(confirm?.choices.map((c) => c.label), ['Yes, it uses these', "No, I'll enter mine", "I don't know", 'Cancel']);
    await s.send({ type: 'choice', choiceId: 'expected' });
    await s.send({ type: 'text', text: 'both' });
    await s.send({ type: 'text', text: 'no' });
    const progress = s.output.of('progress').map((p) => p.progress);
    assert.deepEqual(progress.map((p) => [p.checks.length, p.done]), [[0, false], [1, false], [2, false], [3, true]]);
    assert.equal(progress[0]?.title, 'Checking imap.acme.com:993, smtp.acme.com:587…');
    assert.equal(progress[1]?.checks[0]?.label, 'Incoming · DNS lookup');
    assert.equal(progress[3]?.title, 'Finished 3 checks in 0.4 s.');
    const shown = s.output.of('report')[0];
    assert.equal(shown?.document.title, 'Mail check for alice@acme.com');
    assert.deepEqual(shown?.actions.map((a) => a.id), ['again', 'another', 'helpdesk', 'details', 'done']);
    assert.equal(s.requests[0]?.request.options?.timeoutMs, 1234);
    assert.equal(s.requests[0]?.language, 'en');
  });

  it('gives the engine the password and keeps it out of the store, the transcript and the logs', async () => {
    const s = setup();
    await s.start('alice@acme.com');
    await s.send({ type: 'choice', choiceId: 'expected' });
    await s.send({ type: 'choice', choiceId: 'incoming' });
    await s.send({ type: 'choice', choiceId: 'login' });
    assert.equal(s.output.of('form')[0]?.form.fields[1]?.kind, 'secret');
    let storedDuringRun = '';
    const original = s.store.put.bind(s.store);
    s.store.put = async (key, value, options) => {
      storedDuringRun += JSON.stringify(value);
      return original(key, value, options);
    };
    await s.send({ type: 'form_submitted', formId: 'login', values: { user: 'alice@acme.com', password: new Secret(PASSWORD) } });
    assert.deepEqual(s.requests[0]?.request.credentials, { user: 'alice@acme.com', password: PASSWORD });
    assert.ok(storedDuringRun.length > 0);
    for (const place of [storedDuringRun, s.output.transcript, s.logger.lines.join('\n')]) assert.ok(!place.includes(PASSWORD));
  });

  it('the password is a live secret for the log scrubber while its diagnosis runs, and forgotten after', async () => {
    let registered = false;
    const s = setup({
      diagnose: async (request) => {
        registered = activeSecrets.scrub(`${request.credentials?.password}`) === '[redacted]';
        return report();
      },
    });
    await s.start('alice@acme.com');
    await s.send({ type: 'choice', choiceId: 'expected' });
    await s.send({ type: 'choice', choiceId: 'incoming' });
    await s.send({ type: 'choice', choiceId: 'login' });
    await s.send({ type: 'form_submitted', formId: 'login', values: { user: 'alice@acme.com', password: new Secret(PASSWORD) } });
    assert.equal(registered, true);
    assert.equal(activeSecrets.size, 0);
  });

  it('a password typed in the thread is hidden, not repeated, not stored, not logged', async () => {
    const s = setup();
    await s.start('alice@acme.com');
    await s.send({ type: 'choice', choiceId: 'expected' });
    await s.send({ type: 'choice', choiceId: 'incoming' });
    await s.send({ type: 'choice', choiceId: 'login' });
    await s.send({ type: 'text', text: PASSWORD, messageId: 'M9' });
    assert.deepEqual(s.output.of('hide'), [{ kind: 'hide', messageId: 'M9' }]);
    assert.match(s.output.of('say').at(-1)?.text ?? '', /change it now/);
    const stored = await s.store.get(KEY);
    for (const place of [JSON.stringify(stored), s.output.transcript, s.logger.lines.join('\n')]) assert.ok(!place.includes(PASSWORD));
  });

  it('cancel stops a running diagnosis through its signal and forgets the conversation', async () => {
    let aborted = false;
    const s = setup({
      diagnose: (request) =>
        new Promise((_resolve, reject) => {
          request.options?.signal?.addEventListener('abort', () => {
            aborted = true;
            reject(new Error('aborted'));
          });
        }),
    });
    await s.runner.handle(KEY, { type: 'started', user: { id: 'U1' }, text: 'imap.acme.com:993', capabilities: ALL_CAPABILITIES }, s.output);
    await s.runner.handle(KEY, { type: 'text', text: 'cancel' }, s.output);
    await s.runner.settled();
    assert.equal(aborted, true);
    assert.equal(await s.store.get(KEY), undefined);
    assert.match(s.output.of('say').at(-1)?.text ?? '', /Cancelled/);
    assert.equal(s.output.records.at(-1)?.kind, 'end');
    assert.equal(s.scheduler.pending, 0);
  });

  it('closes an idle conversation after 30 minutes and forgets it', async () => {
    const s = setup();
    await s.start();
    assert.equal(s.scheduler.pending, 1);
    s.scheduler.advance(29 * 60_000);
    await s.runner.settled();
    assert.ok(await s.store.get(KEY));
    s.scheduler.advance(60_000);
    await s.runner.settled();
    assert.match(s.output.of('say').at(-1)?.text ?? '', /nobody answered for 30 minutes/);
    assert.equal(await s.store.get(KEY), undefined);
  });

  it('discovery that fails leads to asking for the settings', async () => {
    const s = setup({ discover: async () => Promise.reject(new Error('dns down')) });
    await s.start('alice@acme.com');
    assert.match(s.output.of('say').map((r) => r.text).join('\n'), /didn't work/);
    assert.match(s.output.of('ask').at(-1)?.question.message[0]?.text ?? '', /receiving mail, sending mail, or both/);
  });

  it('an engine error is said in plain words (whose problem, what to do), the progress stops, the details go to the log', async () => {
    const s = setup({ diagnose: async (request) => Promise.reject(new Error(`getaddrinfo EAI_AGAIN resolver.internal:53 ${request.credentials?.password}`)) });
    await s.start('alice@acme.com');
    await s.send({ type: 'choice', choiceId: 'expected' });
    await s.send({ type: 'choice', choiceId: 'incoming' });
    await s.send({ type: 'choice', choiceId: 'login' });
    await s.send({ type: 'form_submitted', formId: 'login', values: { user: 'alice', password: new Secret(PASSWORD) } });
    const failed = s.output.of('say').at(-1)?.text ?? '';
    assert.match(failed, /a problem on the bot's side, not on your mail server\. Please try again in a minute\./);
    assert.doesNotMatch(s.output.transcript, /EAI_AGAIN|resolver\.internal/);
    const progress = s.output.of('progress').at(-1)?.progress;
    assert.equal(progress?.stopped, true);
    assert.match(progress?.title ?? '', /^Stopped: a problem on the bot's side\.$/);
    const logged = s.logger.lines.find((l) => l.includes('diagnosis failed'));
    assert.match(logged ?? '', /EAI_AGAIN resolver\.internal:53/);
    assert.ok(!s.output.transcript.includes(PASSWORD));
    assert.deepEqual(s.output.of('ask').at(-1)?.question.choices.map((c) => c.id), ['again', 'another', 'done']);
  });

  it('a platform error on one message does not stop the conversation', async () => {
    const s = setup();
    s.output.failing.add('say');
    // "Looking up the settings…" fails; the question after discovery still comes.
    await s.start('alice@acme.com');
    assert.equal(s.output.of('ask').length, 1);
    assert.ok(s.logger.lines.some((l) => l.includes('effect failed') && l.includes("'say'")));
  });

  it('remembers /mailhelp lang for the user\'s next conversations, over the platform locale', async () => {
    const s = setup();
    await s.start('lang de', 'fr-FR');
    assert.equal(await s.preferences.getLanguage('test', 'U1'), 'de');
    await s.runner.handle({ ...KEY, thread: 'T2' }, { type: 'started', user: { id: 'U1' }, text: '', capabilities: ALL_CAPABILITIES, locale: 'fr-FR' }, s.output);
    const state = await s.store.get({ ...KEY, thread: 'T2' });
    assert.equal(state?.value.language, 'de');
  });

  it('two processes on one store never lose an event (compare-and-set with retry)', async () => {
    const s = setup();
    await s.start('alice@acme.com');
    // A store whose reads wait a little, so two runners read the same version and one must retry.
    let conflicts = 0;
    const slowStore = Object.create(s.store) as typeof s.store;
    slowStore.get = async (key) => {
      const value = await s.store.get(key);
      await new Promise((r) => setTimeout(r, 5));
      return value;
    };
    slowStore.put = async (key, value, options) => {
      try {
        return await s.store.put(key, value, options);
      } catch (error) {
        conflicts += 1;
        throw error;
      }
    };
    const deps = { store: slowStore, discover: async () => ACME_DISCOVERY, diagnose: async () => report(), scheduler: s.scheduler };
    const a = new ConversationRunner(deps);
    const b = new ConversationRunner(deps);
    const outA = new RecordingOutput();
    const outB = new RecordingOutput();
    await Promise.all([a.handle(KEY, { type: 'text', text: 'lang de' }, outA), b.handle(KEY, { type: 'text', text: 'lang fr' }, outB)]);
    assert.ok(conflicts >= 1, 'one writer had to retry');
    const final = await s.store.get(KEY);
    assert.ok(final && ['de', 'fr'].includes(final.value.language));
    assert.equal(final?.value.step, 'confirm_settings');
    await Promise.all([a.close(), b.close()]);
  });

  it('orphan buttons get a short answer in the default language', async () => {
    const s = setup();
    await s.send({ type: 'choice', choiceId: 'again' });
    assert.match(s.output.of('say')[0]?.text ?? '', /This conversation has ended/);
  });

  it('close() stops running work and timers', async () => {
    const s = setup({ diagnose: (request) => new Promise((_r, reject) => request.options?.signal?.addEventListener('abort', () => reject(new Error('x')))) });
    await s.runner.handle(KEY, { type: 'started', user: { id: 'U1' }, text: 'imap.acme.com:993', capabilities: ALL_CAPABILITIES }, s.output);
    await s.runner.close();
    assert.equal(s.scheduler.pending, 0);
  });
});

describe('ConversationRunner when things break', () => {
  it('a store that fails gets the user an apology, not silence, and the call still resolves', async () => {
    const output = new RecordingOutput();
    const store = new MemoryConversationStore<ConversationState>();
    store.get = async () => Promise.reject(new Error('redis down'));
    const logger = new RecordingLogger();
    const runner = new ConversationRunner({ store, logger, discover: async () => ACME_DISCOVERY, diagnose: async () => report() });
    await runner.handle(KEY, { type: 'text', text: 'hello' }, output);
    assert.match(output.of('say')[0]?.text ?? '', /something went wrong on my side/);
    assert.ok(logger.lines.some((l) => l.includes('event failed')));
    await runner.close();
  });
});
