import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCALES_DIR } from '../src/i18n/translator';

function strings(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  return [];
}

/** Every string of a locale, as `file:key` and its prose: no placeholders, no quoted app labels (an English "Remove" is no address). */
function locale(language: string): [string, string][] {
  return readdirSync(join(LOCALES_DIR, language))
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => strings(JSON.parse(readFileSync(join(LOCALES_DIR, language, f), 'utf8'))).map(([key, text]) => [`${f}:${key}`, text] as [string, string]))
    .map(([key, text]) => [key, text.replace(/\{\{.*?\}\}|"[^"]*"|„[^“]*“|«[^»]*»|“[^”]*”/gu, ' ')]);
}

/** Whole words in any script: `\\b` knows only ASCII letters, and "êtes" is no "tes". */
const words = (list: string[], flags = 'iu'): RegExp => new RegExp(`(?<!\\p{L})(?:${list.join('|')})(?!\\p{L})`, flags);

/** A command at the start of a sentence (or after a colon), not followed by the formal pronoun. */
const commandAtStart = (verbs: string[], formal: string): RegExp => new RegExp(`(?:^|[.:;!?]\\s+|\\(\\s*)(?:${verbs.join('|')})(?!\\p{L})(?!\\s+${formal}(?!\\p{L}))`, 'u');

/**
 * One way of addressing the user per language, as a help desk would: German "Sie", Spanish
 * "usted", French "vous", Brazilian Portuguese "você". A string in the informal form (a "du" in watch.json
 * beside the "Sie" of every report) reads as if someone else had written it.
 */
const INFORMAL: Record<string, RegExp[]> = {
  de: [words(['du', 'dich', 'dir', 'dein', 'deine', 'deinen', 'deinem', 'deiner', 'deines']), commandAtStart(['Gib', 'Nenne', 'Schreib', 'Schreibe', 'Entferne', 'Wähle', 'Tippe', 'Klicke', 'Prüfe', 'Sende', 'Öffne', 'Lade', 'Füge', 'Kopiere', 'Gehe', 'Starte', 'Antworte'], 'Sie')],
  es: [
    words(['tú', 'tu', 'tus', 'contigo', 'tuya', 'tuyo', 'puedes', 'quieres', 'Perdona', 'Inténtalo', 'Invítame']),
    commandAtStart(['Escribe', 'Elige', 'Selecciona', 'Pulsa', 'Abre', 'Pega', 'Responde', 'Indica', 'Añade', 'Quita', 'Revisa', 'Pide', 'Introduce', 'Compara', 'Ejecuta', 'Vacía', 'Elimina', 'Dile', 'Dame'], 'usted'),
  ],
  fr: [words(['tu', 'toi', 'ton', 'ta', 'tes']), /(?<!\p{L})t['’]/iu, commandAtStart(['Tape', 'Choisis', 'Réessaie', 'Saisis', 'Essaie', 'Colle', 'Réponds', 'Sélectionne', 'Appuie', 'Indique'], 'vous')],
  'pt-BR': [words(['tu', 'teu', 'tua', 'teus', 'tuas', 'contigo']), commandAtStart(['Digita', 'Escolhe', 'Tenta', 'Cola', 'Responde', 'Seleciona', 'Escreve'], 'você')],
};

describe('locales: one way of addressing the user per language', () => {
  for (const [language, patterns] of Object.entries(INFORMAL)) {
    it(`${language}: no string addresses the user informally`, () => {
      const texts = locale(language);
      assert.ok(texts.length > 500, `only ${texts.length} strings`);
      assert.deepEqual(
        texts.filter(([, text]) => patterns.some((p) => p.test(text))).map(([key, text]) => `${key}: ${text}`),
        [],
      );
    });
  }

  it('the check can fail: the informal German of the watch commands before they were changed', () => {
    for (const text of ['Gib einen Server mit Port an.', 'Ich mache mit dir weiter.', 'Das ist bekannt. Du musst kein Ticket öffnen.']) {
      assert.ok(INFORMAL.de!.some((p) => p.test(text)), text);
    }
    assert.ok(!INFORMAL.de!.some((p) => p.test('Geben Sie einen Server mit Port an. Wählen Sie Ihr Konto.')));
    // And the Spanish of the conversation before it was changed to "usted" like the reports.
    for (const text of ['Escribe tu contraseña solo en el formulario privado.', 'Se pondrán en contacto contigo.', 'Perdona, no te he entendido.']) {
      assert.ok(INFORMAL.es!.some((p) => p.test(text)), text);
    }
    assert.ok(!INFORMAL.es!.some((p) => p.test('Escriba su contraseña. Sigue en el hilo. No lo sé.')));
  });
});
