import { APP_CHOICES, asChoice, CHOICES, type ChoiceDefinition } from './choices';
import type { AskEffect, Effect } from './effects';
import { clientCommand } from './client-side/client-commands';
import { settingsText } from './settings-text';
import { runSettings } from './steps/run-settings';
import { reportChoices } from './report-actions';
import { signInChoices, signInQuestionLine } from './steps/sign-in-offer';
import type { ConversationState } from './state';
import { exampleDomain } from './steps/suggestion';
import { code, lines, type Text, text } from './text';
import { howToAnswer } from './typed-text';

const OS_KEYS = { windows: 'conversation:client.run_windows', macos: 'conversation:client.run_macos', linux: 'conversation:client.run_linux' } as const;

/** "Run this in PowerShell:", the command, "then paste everything it printed here." */
function clientCommandQuestion(state: ConversationState): Text {
  const os = state.clientOs ?? 'linux';
  const settings = runSettings(state);
  const servers = [settings.incoming, settings.outgoing].filter((s) => s !== undefined);
  return lines(text(OS_KEYS[os]), code(clientCommand(os, servers)), text('conversation:client.paste'));
}

/** The choices the current question offers; typed replies are matched against these. */
export function choicesFor(state: ConversationState): ChoiceDefinition[] {
  switch (state.step) {
    case 'ask_email':
      return [CHOICES.cancel];
    case 'confirm_settings':
      return [CHOICES.expected, CHOICES.own, CHOICES.unknown, CHOICES.cancel];
    case 'ask_scope':
      return [CHOICES.incoming, CHOICES.outgoing, CHOICES.both, CHOICES.cancel];
    case 'ask_incoming':
      return [CHOICES.form, ...(state.expected?.incoming ? [CHOICES.useExpected] : []), CHOICES.cancel];
    case 'ask_outgoing':
      return [CHOICES.form, ...(state.expected?.outgoing ? [CHOICES.useExpected] : []), CHOICES.cancel];
    case 'offer_login':
      return [...signInChoices(state), CHOICES.login, CHOICES.skipLogin, CHOICES.cancel];
    case 'login_form':
      return [CHOICES.openLoginForm, CHOICES.skipLogin, CHOICES.cancel];
    case 'report':
      return reportChoices(state);
    case 'ask_app':
      return [...APP_CHOICES, CHOICES.cancel];
    case 'ask_os':
      return [CHOICES.windows, CHOICES.macos, CHOICES.linux, CHOICES.skipClient];
    case 'await_client_output':
      return [CHOICES.skipClient];
    default:
      return [];
  }
}

/**
 * `hint` is what to type for this question; CHOICE_HINT asks the platform for its own words on
 * picking a choice (buttons in a chat, numbers in the terminal), for as many choices as it shows.
 * A hint of its own gets that number too, as `count` (i18next plurals: "Type a number from 1 to
 * 4, or type the server…"), so no hint can name more or fewer choices than the question has.
 */
function ask(state: ConversationState, question: Text, hint: Text | typeof CHOICE_HINT, options: { multiline?: boolean } = {}): Effect[] {
  const choices = choicesFor(state).map(asChoice);
  const effect: AskEffect =
    hint === CHOICE_HINT ? { type: 'ask', question, choices, choiceHint: true } : { type: 'ask', question, choices, hint: withChoiceCount(hint, choices.length) };
  if (options.multiline) effect.multiline = true;
  return [effect];
}

const CHOICE_HINT = 'choices';

function withChoiceCount(hint: Text, count: number): Text {
  return 'key' in hint ? text(hint.key, { ...hint.values, count }) : hint;
}

/** The question for the current step, asked on arrival and again after a bad answer. */
export function questionFor(state: ConversationState): Effect[] {
  const domain = exampleDomain(state);
  switch (state.step) {
    case 'ask_email':
      return ask(state, text('conversation:email.question'), text('conversation:email.hint'));
    case 'confirm_settings': {
      const expected = state.expected;
      return ask(
        state,
        lines(
          text('conversation:confirm.intro', { email: state.email ?? '' }),
          expected?.provider ? text('conversation:confirm.provider', { provider: expected.provider }) : undefined,
          expected?.incoming ? text('conversation:confirm.incoming', { settings: settingsText(expected.incoming) }) : undefined,
          expected?.outgoing ? text('conversation:confirm.outgoing', { settings: settingsText(expected.outgoing) }) : undefined,
          text('conversation:confirm.question'),
        ),
        text('conversation:confirm.hint', { example: `imap.${domain} 993 ssl` }),
      );
    }
    case 'ask_scope':
      return ask(state, text('conversation:scope.question'), CHOICE_HINT);
    case 'ask_incoming':
      return ask(state, text('conversation:server.incoming_question'), text('conversation:server.incoming_hint', { example: `imap.${domain} 993 ssl` }));
    case 'ask_outgoing':
      return ask(state, text('conversation:server.outgoing_question'), text('conversation:server.outgoing_hint', { example: `smtp.${domain}:587 starttls` }));
    case 'offer_login':
      return ask(state, lines(signInQuestionLine(state), text('conversation:login.question'), text('conversation:login.privacy')), CHOICE_HINT);
    case 'login_form':
      return ask(state, text('conversation:login.form_waiting'), howToAnswer(state, 'conversation:login.form_waiting_hint'));
    case 'report':
      return ask(state, text('conversation:report.next'), CHOICE_HINT);
    case 'ask_app':
      return ask(state, text('apps:question'), CHOICE_HINT);
    case 'ask_os':
      return ask(state, lines(text('conversation:client.intro'), text('conversation:client.os_question')), CHOICE_HINT);
    case 'await_client_output':
      return ask(state, clientCommandQuestion(state), howToAnswer(state, 'conversation:client.paste_hint'), { multiline: true });
    case 'discovering':
      return [{ type: 'say', text: text('conversation:discovery.still_looking') }];
    case 'checking_targets':
      return [{ type: 'say', text: text('targets:still_checking') }];
    case 'running':
      return [{ type: 'say', text: text('conversation:run.still_running') }];
    default:
      return [];
  }
}
