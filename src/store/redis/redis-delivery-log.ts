import type { DeliveryLog } from '../delivery-log';
import type { RedisConnection } from './redis-client';

/** SET NX with an expiry: exactly one process in the deployment claims each delivery. */
export class RedisDeliveryLog implements DeliveryLog {
  constructor(private readonly redis: RedisConnection) {}

  async claim(id: string, ttlMs: number): Promise<boolean> {
    const answer = await this.redis.run(() => this.redis.client.set(this.redis.key('delivery', id), '1', 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX'));
    return answer === 'OK';
  }
}
