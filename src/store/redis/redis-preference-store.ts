import { type AppId, isAppId } from '../../app-steps/apps';
import type { Language } from '../../i18n/translator';
import type { PreferenceStore } from '../preference-store';
import type { RedisConnection } from './redis-client';

/** A choice not renewed for this long is forgotten (the platform's locale applies again). */
export const PREFERENCE_TTL_MS = 365 * 24 * 60 * 60 * 1000;

/** `/mailhelp lang de`, remembered in Redis for every process; renewed each time it is set. */
export class RedisPreferenceStore implements PreferenceStore {
  constructor(private readonly redis: RedisConnection) {}

  async getLanguage(platform: string, userId: string): Promise<Language | undefined> {
    const value = await this.redis.run(() => this.redis.client.get(this.#key(platform, userId)));
    return (value ?? undefined) as Language | undefined;
  }

  async setLanguage(platform: string, userId: string, language: Language): Promise<void> {
    await this.redis.run(() => this.redis.client.set(this.#key(platform, userId), language, 'PX', PREFERENCE_TTL_MS));
  }

  async getApp(platform: string, userId: string): Promise<AppId | undefined> {
    const value = await this.redis.run(() => this.redis.client.get(this.#key(platform, userId, 'app')));
    // An id a later deploy dropped is as good as none: the question is asked again.
    return isAppId(value) ? value : undefined;
  }

  async setApp(platform: string, userId: string, app: AppId): Promise<void> {
    await this.redis.run(() => this.redis.client.set(this.#key(platform, userId, 'app'), app, 'PX', PREFERENCE_TTL_MS));
  }

  #key(platform: string, userId: string, what: 'language' | 'app' = 'language'): string {
    return this.redis.key('preference', what, platform, userId);
  }
}
