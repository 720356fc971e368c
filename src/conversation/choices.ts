import { APP_IDS } from '../app-steps/apps';
import type { Choice } from './effects';
import type { AnswerMeaning } from './parse/answer-words';
import type { ChoiceWords } from './parse/parse-choice';
import { text } from './text';

/** A button, and the words that pick it when typed. */
export type ChoiceDefinition = Choice & ChoiceWords;

function choice(id: string, key: string, meanings: AnswerMeaning[], style?: Choice['style']): ChoiceDefinition {
  return style ? { id, label: text(key), meanings, style } : { id, label: text(key), meanings };
}

/** Every choice the conversation offers. Ids are stable: buttons on old messages carry them. */
export const CHOICES = {
  expected: choice('expected', 'conversation:choice.expected', ['yes', 'expected'], 'primary'),
  own: choice('own', 'conversation:choice.own', ['no', 'own']),
  unknown: choice('unknown', 'conversation:choice.unknown', ['dontKnow']),
  incoming: choice('incoming', 'conversation:choice.incoming', ['incoming']),
  outgoing: choice('outgoing', 'conversation:choice.outgoing', ['outgoing']),
  both: choice('both', 'conversation:choice.both', ['both', 'dontKnow']),
  form: choice('form', 'conversation:choice.form', ['form']),
  useExpected: choice('use_expected', 'conversation:choice.use_expected', ['expected', 'yes']),
  // Its label names the provider ("Sign in with Microsoft"): steps/sign-in sets it.
  oauth: choice('oauth', 'oauth:chat.choice', ['oauth'], 'primary'),
  login: choice('login', 'conversation:choice.login', ['yes', 'login'], 'primary'),
  skipLogin: choice('skip_login', 'conversation:choice.skip_login', ['no', 'skip']),
  openLoginForm: choice('open_login_form', 'conversation:choice.open_login_form', ['login', 'form'], 'primary'),
  // Styled by the situation after a report (report-actions.ts), not here.
  again: choice('again', 'conversation:choice.again', ['again']),
  // Its label names the address ("Check alice@gmail.com instead"): questions.ts sets it.
  useSuggestion: choice('use_suggestion', 'typos:check_instead', ['yes'], 'primary'),
  another: choice('another', 'conversation:choice.another', ['another']),
  helpdesk: choice('helpdesk', 'conversation:choice.helpdesk', ['helpdesk']),
  details: choice('details', 'conversation:choice.details', ['details']),
  done: choice('done', 'conversation:choice.done', ['done', 'no']),
  windows: choice('windows', 'conversation:choice.windows', ['windows']),
  macos: choice('macos', 'conversation:choice.macos', ['macos']),
  linux: choice('linux', 'conversation:choice.linux', ['linux']),
  skipClient: choice('skip_client', 'conversation:choice.skip_client', ['skip', 'no', 'dontKnow']),
  cancel: choice('cancel', 'conversation:choice.cancel', ['cancel'], 'danger'),
} as const satisfies Record<string, ChoiceDefinition>;

/**
 * "Which app?": one button per app, then "I don't know". Typed app names are read by
 * app-steps/detect-app (brand names, not answer words); "don't know" in any language picks the last.
 */
export const APP_CHOICES: readonly ChoiceDefinition[] = [
  ...APP_IDS.map((id) => choice(`app_${id}`, `apps:choice.${id}`, [])),
  choice('app_unknown', 'apps:choice.dont_know', ['dontKnow']),
];

/** The platform-facing part of a choice definition (no parsing words). */
export function asChoice({ id, label, style }: ChoiceDefinition): Choice {
  return style ? { id, label, style } : { id, label };
}
