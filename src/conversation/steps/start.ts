import { isAppId } from '../../app-steps/apps';
import { LANGUAGES, type Language, matchLanguage } from '../../i18n/translator';
import type { Effect } from '../effects';
import type { StartedEvent } from '../events';
import { parseCommand } from '../parse/parse-command';
import { completeServer, inferSide } from '../parse/complete-server';
import { quoteInput } from '../parse/normalize';
import { type ConversationState, STATE_SCHEMA } from '../state';
import { lines, text } from '../text';
import { type MachineContext, moveTo, say, type Transition } from '../transition';
import { refusalText } from '../limit-text';
import { adminCommand } from './admin-command';
import { beginDiscovery } from './discovery';
import { startRun } from './run';

/** A fresh conversation for the user, in their language. */
export function newConversation(event: StartedEvent, ctx: MachineContext): ConversationState {
  const language: Language = matchLanguage(event.preferredLanguage) ?? matchLanguage(event.locale) ?? 'en';
  return {
    schema: STATE_SCHEMA,
    step: 'ask_email',
    language,
    user: event.user,
    capabilities: event.capabilities,
    startedAt: ctx.now,
    lastActivityAt: ctx.now,
    requestId: 0,
    badAnswers: 0,
    settings: {},
    provided: [],
    serverOnly: false,
    clientFindings: [],
    ...(isAppId(event.preferredApp) ? { app: { id: event.preferredApp, from: 'remembered' as const } } : {}),
  };
}

/**
 * `/mailhelp [args]`: a new conversation, possibly skipping ahead. A start on a thread that
 * already has a conversation replaces it (and stops its diagnosis, if one is running).
 */
export function startConversation(event: StartedEvent, ctx: MachineContext, previous: ConversationState | undefined): Transition {
  const stopPrevious = previous?.step === 'running' && previous.run ? [{ type: 'cancel_diagnosis' as const, runId: previous.run.id }] : [];
  const result = adminCommand(event, event.text.replace(/^\s*\/mailhelp\b/iu, '')) ?? fromCommand(newConversation(event, ctx), event);
  return { state: result.state, effects: [...stopPrevious, ...result.effects] };
}

/**
 * An answer that concerns the user alone and keeps no conversation (help, a language choice, a
 * limit that holds): the runner shows such a start privately and opens no thread for it.
 */
function answerOnly(...effects: Effect[]): Transition {
  return { state: undefined, effects: [...effects, { type: 'end' }] };
}

function fromCommand(state: ConversationState, event: StartedEvent): Transition {
  const args = event.text;
  const command = parseCommand(args);
  // A limit that holds is said before any question: nobody answers five questions to hear "later".
  if (event.refusal && command.kind !== 'help' && command.kind !== 'language') return answerOnly(say(refusalText(event.refusal)));
  switch (command.kind) {
    case 'start': {
      // One message, not two: the welcome opens the first question.
      const asked = moveTo(state, 'ask_email');
      return { ...asked, effects: asked.effects.map((e) => (e.type === 'ask' ? { ...e, question: lines(text('conversation:welcome'), e.question) } : e)) };
    }
    case 'help':
      return answerOnly(say(text('conversation:help.usage')));
    case 'language': {
      const language = matchLanguage(command.code);
      if (!language) return answerOnly(say(text('conversation:language.unknown', { languages: LANGUAGES.join(', ') })));
      return answerOnly({ type: 'remember_language', language, user: state.user }, say(lines(text('conversation:language.changed'), text('chat:language.start_again'))));
    }
    case 'email':
      return beginDiscovery({ ...state, email: command.email }, command.email);
    case 'server': {
      const side = inferSide(command.spec);
      const completed = side ? completeServer(command.spec, side) : undefined;
      if (!side || !completed?.ok) return moveTo(state, 'ask_email', say(text('conversation:command.unknown', { input: quoteInput(args) })));
      return startRun({ ...state, serverOnly: true, scope: side, settings: { [side]: completed.settings }, provided: [side] });
    }
    case 'unknown':
      return moveTo(state, 'ask_email', say(text('conversation:command.unknown', { input: quoteInput(command.text) })));
  }
}
