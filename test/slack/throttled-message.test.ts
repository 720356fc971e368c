import assert from 'node:assert/strict';
import sinon from 'sinon';
import { ThrottledMessage } from '../../adapters/slack/throttled-message';

const quiet = { warn: () => undefined };

function recordingSink() {
  const sent: { kind: 'post' | 'update'; content: number; at: number }[] = [];
  return {
    sent,
    sink: {
      post: async (content: number) => {
        sent.push({ kind: 'post' as const, content, at: performance.now() });
        return '1.000001';
      },
      update: async (_ts: string, content: number) => {
        sent.push({ kind: 'update' as const, content, at: performance.now() });
      },
    },
  };
}

describe('slack adapter: progress edits are throttled', () => {
  it('a burst of updates becomes one post and few edits, at least the interval apart, ending on the final state', async () => {
    const { sent, sink } = recordingSink();
    const message = new ThrottledMessage<number>(sink, 100, quiet);
    await message.show(0);
    for (let i = 1; i < 20; i++) {
      await message.show(i);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await message.show(20, true);
    assert.equal(sent[0]?.kind, 'post');
    assert.equal(sent.filter((s) => s.kind === 'post').length, 1);
    assert.ok(sent.length <= 5, `${sent.length} sends for 21 states`);
    assert.equal(sent.at(-1)?.content, 20);
    for (let i = 1; i < sent.length; i++) assert.ok(sent[i]!.at - sent[i - 1]!.at >= 95, 'edits are spaced by the interval');
  });

  it('settle() sends what is pending at once (before the report); stop() drops it', async () => {
    const { sent, sink } = recordingSink();
    const message = new ThrottledMessage<number>(sink, 10_000, quiet);
    await message.show(1);
    await message.show(2);
    await message.settle();
    assert.deepEqual(sent.map((s) => s.content), [1, 2]);
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      await message.show(3);
      message.stop();
      // The whole interval passes: the dropped state never goes out.
      await clock.tickAsync(10_000);
      assert.deepEqual(sent.map((s) => s.content), [1, 2]);
    } finally {
      clock.restore();
    }
  });

  it('when the first post failed, the next state is posted instead of edited', async () => {
    const { sent, sink } = recordingSink();
    let first = true;
    const message = new ThrottledMessage<number>(
      {
        post: async (content) => {
          if (first) {
            first = false;
            throw new Error('ratelimited');
          }
          return sink.post(content);
        },
        update: sink.update,
      },
      0,
      quiet,
    );
    await message.show(1);
    await message.show(2, true);
    assert.deepEqual(sent.map((s) => [s.kind, s.content]), [['post', 2]]);
  });
});
