import assert from 'node:assert/strict';
import type { FakeDiscord } from './fake-discord';

/** Discord's rule: every interaction gets exactly one first response, within 3 s. */
export function assertAnsweredOnceInTime(fake: FakeDiscord, limitMs = 3000): void {
  for (const record of fake.state.interactions.values()) {
    const accepted = record.attempts.filter(([, , status]) => status < 300);
    assert.equal(accepted.length, 1, `interaction ${record.id} (type ${record.type}) was answered ${accepted.length} times: ${JSON.stringify(record.attempts)}`);
    assert.deepEqual(record.attempts.filter(([, , status]) => status >= 300), [], `refused answers for ${record.id}`);
    const [, ms] = accepted[0]!;
    assert.ok(ms < limitMs, `interaction ${record.id} answered after ${ms} ms`);
  }
}
