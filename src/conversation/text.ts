/**
 * A message the machine wants a person to read, as an i18n key plus values: the pure machine
 * never holds a translator, and tests assert keys instead of English sentences.
 */
export type TextValue = string | number | Text;

export type Text =
  | { key: string; values?: Record<string, TextValue> }
  /** Paragraphs shown one after the other. */
  | { lines: Text[] }
  /** A command or other literal the user copies; never translated. */
  | { code: string };

export function text(key: string, values?: Record<string, TextValue>): Text {
  return values ? { key, values } : { key };
}

export function lines(...parts: (Text | undefined)[]): Text {
  return { lines: parts.filter((p): p is Text => p !== undefined) };
}

export function code(literal: string): Text {
  return { code: literal };
}

/** Every key a Text mentions, nested ones included (tests and the locale check use it). */
export function keysOf(message: Text): string[] {
  if ('code' in message) return [];
  if ('lines' in message) return message.lines.flatMap(keysOf);
  const nested = Object.values(message.values ?? {}).flatMap((v) => (typeof v === 'object' ? keysOf(v) : []));
  return [message.key, ...nested];
}
