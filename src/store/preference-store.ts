import type { Language } from '../i18n/translator';

/** What a user chose once and keeps across conversations (`/mailhelp lang de`). */
export interface PreferenceStore {
  getLanguage(platform: string, userId: string): Promise<Language | undefined>;
  setLanguage(platform: string, userId: string, language: Language): Promise<void>;
}

/** In-process preferences; a restart forgets them and the platform locale applies again. */
export class MemoryPreferenceStore implements PreferenceStore {
  readonly #languages = new Map<string, Language>();

  async getLanguage(platform: string, userId: string): Promise<Language | undefined> {
    return this.#languages.get(JSON.stringify([platform, userId]));
  }

  async setLanguage(platform: string, userId: string, language: Language): Promise<void> {
    this.#languages.set(JSON.stringify([platform, userId]), language);
  }
}
