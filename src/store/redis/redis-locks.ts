import { type Lock, type Locks, newLockToken } from '../locks';
import { type RedisConnection, redisScript } from './redis-client';

/**
 * The single-instance Redis lock (SET NX PX with a random token; renew and release only while
 * the token matches, checked and done in one script so a lock that expired and was taken by
 * another owner is never extended or deleted by the old one).
 */
const RENEW = redisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`);

const RELEASE = redisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

export class RedisLocks implements Locks {
  constructor(private readonly redis: RedisConnection) {}

  async acquire(name: string, ttlMs: number): Promise<Lock | undefined> {
    const key = this.#key(name);
    const token = newLockToken();
    const taken = await this.redis.run(() => this.redis.client.set(key, token, 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX'));
    if (taken !== 'OK') return undefined;
    return {
      name,
      token,
      renew: async (ms) => (await this.redis.script(RENEW, [key], [token, Math.max(1, Math.ceil(ms))])) === 1,
      release: async () => (await this.redis.script(RELEASE, [key], [token])) === 1,
    };
  }

  async held(name: string): Promise<boolean> {
    return (await this.redis.run(() => this.redis.client.exists(this.#key(name)))) === 1;
  }

  #key(name: string): string {
    return this.redis.key('lock', name);
  }
}
