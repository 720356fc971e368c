import type { App } from '@slack/bolt';
import { DELIVERY_TTL_MS } from '../../../src/store/delivery-log';
import type { SlackAdapterContext } from '../adapter-context';

/**
 * Slack resends an Events API event it thinks was lost (X-Slack-Retry-Num 1, 2, 3), and behind
 * a load balancer the retry may reach another process than the first delivery. Every event is
 * claimed by its `event_id` in the delivery log (Redis when configured): the first claim anywhere
 * goes on to the handlers, every later one was already acknowledged by Bolt and is dropped here.
 * Commands and interactions are never retried by Slack; they are only logged.
 */
export function registerDeliveryFilter(app: App, ctx: SlackAdapterContext): void {
  app.use(async ({ body, context, next }) => {
    const payload = body as { type?: string; event_id?: string; event?: { type?: string }; command?: string; actions?: unknown[] };
    const retryNum = context.retryNum;
    if (payload.type !== 'event_callback' || !payload.event_id) {
      ctx.logger.info({ kind: payload.command ? 'command' : (payload.type ?? 'unknown') }, 'slack: request taken');
      return await next();
    }
    let first = true;
    try {
      first = await ctx.deliveries.claim(`slack:${payload.event_id}`, DELIVERY_TTL_MS);
    } catch (error) {
      // Without the log a retry may be handled twice; losing the event would be worse.
      ctx.logger.warn({ err: error }, 'slack: delivery log unreachable; handling the event anyway');
    }
    if (!first) {
      ctx.logger.info({ eventId: payload.event_id, retryNum }, 'slack: retry of an event already taken; dropped');
      return;
    }
    ctx.logger.info({ kind: payload.event?.type ?? 'event', eventId: payload.event_id, ...(retryNum ? { retryNum } : {}) }, 'slack: event taken');
    await next();
  });
}
