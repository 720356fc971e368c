import assert from 'node:assert/strict';
import { ConversationRunner } from '../../src/conversation/runner/runner';
import type { RunnerLogger } from '../../src/conversation/runner/runner-dependencies';
import type { ConversationState } from '../../src/conversation/state';
import type { ConversationKey } from '../../src/store/conversation-key';
import { MemoryConversationStore } from '../../src/store/memory-conversation-store';
import { MemoryPreferenceStore } from '../../src/store/preference-store';
import { ALL_CAPABILITIES } from './support/driver';
import { ACME_DISCOVERY, report, STARTTLS_ON_993 } from './support/fixtures';
import { ManualScheduler } from './support/manual-scheduler';
import { RecordingOutput } from './support/recording-output';

const quiet: RunnerLogger = { debug() {}, warn() {}, error() {} };

/** Two conversations of one user, in two threads, with one preference store between them. */
function setup() {
  const scheduler = new ManualScheduler();
  const store = new MemoryConversationStore<ConversationState>({ now: () => scheduler.now() });
  const preferences = new MemoryPreferenceStore();
  const diagnose = async () => report([STARTTLS_ON_993], { email: 'alice@acme.com', incoming: { protocol: 'imap', host: 'imap.acme.com', port: 993, security: 'starttls' } });
  const runner = new ConversationRunner({ store, preferences, discover: async () => ACME_DISCOVERY, diagnose, scheduler, logger: quiet });
  const conversation = (thread: string) => {
    const key: ConversationKey = { platform: 'test', channel: 'C1', thread };
    const output = new RecordingOutput();
    const send = async (event: Parameters<ConversationRunner['handle']>[1]) => {
      await runner.handle(key, event, output);
      await runner.settled();
    };
    return { output, send, start: (text: string) => send({ type: 'started', user: { id: 'U1' }, text, capabilities: ALL_CAPABILITIES, locale: 'de' }) };
  };
  return { preferences, conversation };
}

describe('ConversationRunner: which app, remembered for the user', () => {
  it('the first conversation asks and stores the answer; the next one puts the steps in the report without asking', async () => {
    const s = setup();
    const first = s.conversation('T1');
    await first.start('imap.acme.com:993');
    const asked = first.output.of('ask').at(-1)?.question;
    assert.match(asked?.message.map((b) => b.text).join('\n') ?? '', /Welche App benutzen Sie/u);
    assert.ok(asked?.choices.some((c) => c.label === 'Mail auf iPhone oder iPad'));
    assert.equal(first.output.of('report')[0]?.document.sections.some((sec) => sec.kind === 'finding' && sec.appSteps), false);
    await first.send({ type: 'choice', choiceId: 'app_iphone_mail' });
    const steps = first.output.of('say').map((m) => m.text).join('\n');
    assert.match(steps, /Öffnen Sie „Einstellungen“ > "Apps" > „Mail“/u);
    assert.match(steps, /4\. Schalten Sie "Use SSL" ein\./u);
    assert.equal(await s.preferences.getApp('test', 'U1'), 'iphone_mail');

    const second = s.conversation('T2');
    await second.start('imap.acme.com:993');
    const shown = second.output.of('report')[0]?.document;
    const section = shown?.sections.find((sec) => sec.kind === 'finding');
    assert.equal(section?.kind === 'finding' && section.appSteps?.title, 'In der Mail-App auf iPhone oder iPad (iOS 14 oder neuer):');
    assert.equal(section?.kind === 'finding' && section.fix?.summary, 'Change security to SSL/TLS', 'the generic fix stays');
    assert.ok(shown?.details.some((sec) => sec.kind === 'fields' && sec.fields.some((f) => f.label === 'App' && f.value === 'Mail auf iPhone oder iPad')));
    assert.deepEqual(second.output.of('ask'), [], 'no app question');
    assert.deepEqual(second.output.of('report')[0]?.actions.map((a) => a.id), ['again', 'another', 'helpdesk', 'details', 'done']);
    assert.match(second.output.of('say').map((m) => m.text).join('\n'), /Sie benutzen Mail auf iPhone oder iPad \(das sagten Sie letztes Mal\)/u);

    // The help desk sees the app too.
    await second.send({ type: 'choice', choiceId: 'helpdesk' });
    assert.equal(second.output.of('escalate')[0]?.document.app, 'Mail auf iPhone oder iPad');
  });
});
