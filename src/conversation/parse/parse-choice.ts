import { type AnswerMeaning, means, nearlyMeans, startsWithMeaning } from './answer-words';
import { normalizeReply } from './normalize';

/** A choice as the parser sees it: its id and the typed words that pick it. */
export interface ChoiceWords {
  id: string;
  meanings: readonly AnswerMeaning[];
}

/**
 * Which offered choice a typed reply picks: its number as shown ("2", "#2", "2)"), a word or
 * phrase for it, or a sentence starting with one ("yes please"). Undefined when none, or when
 * the reply fits two choices equally (then asking again is better than guessing).
 */
export function pickChoice(raw: string, choices: readonly ChoiceWords[]): string | undefined {
  const normalized = normalizeReply(raw);
  const numbered = /^(?:#|no\.?\s*|nr\.?\s*|n\.?º\s*|option\s*|opción\s*|opção\s*)?(\d{1,2})\)?$/u.exec(normalized);
  if (numbered) return choices[Number(numbered[1]) - 1]?.id;
  const exact = choices.filter((c) => c.meanings.some((m) => means(normalized, m)));
  if (exact.length === 1) return exact[0]?.id;
  if (exact.length > 1) return undefined;
  const leading = choices.filter((c) => c.meanings.some((m) => startsWithMeaning(normalized, m)));
  if (leading.length > 0) return leading.length === 1 ? leading[0]?.id : undefined;
  // A typo of one choice's word, and of no other choice's: "recieving" picks Receiving.
  const near = choices.filter((c) => c.meanings.some((m) => nearlyMeans(normalized, m)));
  return near.length === 1 ? near[0]?.id : undefined;
}
