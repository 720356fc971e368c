import type { AppId } from '../app-steps/apps';
import type { Language } from '../i18n/translator';

/** What a user chose once and keeps across conversations (`/mailhelp lang de`, their mail app). */
export interface PreferenceStore {
  getLanguage(platform: string, userId: string): Promise<Language | undefined>;
  setLanguage(platform: string, userId: string, language: Language): Promise<void>;
  /** The mail app the user named, so "which app?" is not asked again. */
  getApp(platform: string, userId: string): Promise<AppId | undefined>;
  setApp(platform: string, userId: string, app: AppId): Promise<void>;
}

/** In-process preferences; a restart forgets them and the platform locale applies again. */
export class MemoryPreferenceStore implements PreferenceStore {
  readonly #languages = new Map<string, Language>();
  readonly #apps = new Map<string, AppId>();

  async getLanguage(platform: string, userId: string): Promise<Language | undefined> {
    return this.#languages.get(JSON.stringify([platform, userId]));
  }

  async setLanguage(platform: string, userId: string, language: Language): Promise<void> {
    this.#languages.set(JSON.stringify([platform, userId]), language);
  }

  async getApp(platform: string, userId: string): Promise<AppId | undefined> {
    return this.#apps.get(JSON.stringify([platform, userId]));
  }

  async setApp(platform: string, userId: string, app: AppId): Promise<void> {
    this.#apps.set(JSON.stringify([platform, userId]), app);
  }
}
