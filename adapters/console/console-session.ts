import type { ConversationEvent } from '../../src/conversation/events';
import type { RenderedForm } from '../../src/conversation/runner/conversation-output';
import type { ConversationRunner } from '../../src/conversation/runner/runner';
import type { Capabilities } from '../../src/conversation/state';
import { type Language, translator } from '../../src/i18n/translator';
import type { ConversationKey } from '../../src/store/conversation-key';
import { fillForm } from './console-form';
import type { ConsoleOutput } from './console-output';
import type { Terminal } from './terminal';

const START = /^\/?mailhelp(?:\s+(.*))?$/iu;
const QUIT = /^\/(?:quit|exit|q)$/iu;
/** The console has one "message" a leaked password can be in: the line just typed. */
const LAST_LINE = 'last-line';

export interface SessionParts {
  terminal: Terminal;
  runner: ConversationRunner;
  capabilities: Capabilities;
  user: { id: string; name?: string };
  language: Language;
}

/**
 * One person at a terminal. Each `/mailhelp` starts a new conversation (a "thread"); other
 * lines are replies to it. With piped input every line waits until the bot has answered the
 * previous one, checks included, so scripts get the same transcript every time; at a TTY
 * the person can type (cancel) while checks run.
 */
export class ConsoleSession {
  #thread = 0;
  #active = false;
  #pendingForm: RenderedForm | undefined;
  #multiline = false;
  #language: Language;
  output!: ConsoleOutput;

  constructor(private readonly parts: SessionParts) {
    this.#language = parts.language;
  }

  /** Called by the output when the machine opens a private form. */
  formOpened(form: RenderedForm): void {
    this.#pendingForm = form;
  }

  /** Called by the output before each question: the answer to a paste question may span lines. */
  questionAsked(multiline: boolean): void {
    this.#multiline = multiline;
  }

  /** Called by the output when the conversation is over. */
  ended(): void {
    this.#active = false;
    this.#multiline = false;
    this.#pendingForm = undefined;
  }

  async run(): Promise<void> {
    const { terminal } = this.parts;
    terminal.onInterrupt = () => void this.#interrupted();
    terminal.write(this.#t('console:intro'));
    for (;;) {
      if (this.#pendingForm) {
        if (!(await this.#fillPendingForm())) break;
        continue;
      }
      const line = await terminal.readLine({ multiline: this.#active && this.#multiline });
      if (line === undefined || QUIT.test(line.trim())) break;
      const start = START.exec(line.trim());
      if (start) {
        this.#thread += 1;
        this.#active = true;
        await this.#dispatch({ type: 'started', user: this.parts.user, text: start[1] ?? '', locale: this.#language, capabilities: this.parts.capabilities });
      } else if (this.#active) {
        await this.#dispatch({ type: 'text', text: line, messageId: LAST_LINE });
      } else if (line.trim() !== '') {
        terminal.write(this.#t('console:start_hint'));
      }
    }
    // Piped input: the checks the last lines started still finish. A person who pressed
    // Ctrl-C or Ctrl-D wants out now: the app's close() stops whatever still runs.
    if (!terminal.interactive) await this.parts.runner.settled();
    terminal.write(this.#t('console:bye'));
  }

  /**
   * Ctrl-C: while a check (or the settings search) runs it stops that check at once, as a
   * Cancel would, and the chat goes on; anywhere else it ends the program.
   */
  async #interrupted(): Promise<void> {
    const conversation = this.#active ? await this.parts.runner.conversation(this.#key()) : undefined;
    if (conversation?.working) await this.#dispatch({ type: 'cancelled' });
    else this.parts.terminal.close();
  }

  /** Asks the form's fields; false at the end of input. */
  async #fillPendingForm(): Promise<boolean> {
    const form = this.#pendingForm;
    this.#pendingForm = undefined;
    if (!form) return true;
    const outcome = await fillForm(this.parts.terminal, form, translator(this.#language));
    if (outcome.kind === 'end_of_input') return false;
    await this.#dispatch(
      outcome.kind === 'submitted' ? { type: 'form_submitted', formId: form.id, values: outcome.values } : { type: 'form_closed', formId: form.id },
    );
    return true;
  }

  async #dispatch(event: ConversationEvent): Promise<void> {
    await this.parts.runner.handle(this.#key(), event, this.output);
    if (!this.parts.terminal.interactive) await this.parts.runner.settled();
    // The conversation may have switched language (`lang de`); the console's own words follow.
    this.#language = (await this.parts.runner.conversation(this.#key()))?.language ?? this.#language;
  }

  #key(): ConversationKey {
    return { platform: 'console', channel: 'local', thread: String(this.#thread) };
  }

  #t(key: string): string {
    return translator(this.#language)(key);
  }

  /** The console's own words in the conversation's current language. */
  translate(key: string, values?: Record<string, string | number>): string {
    return translator(this.#language)(key, values);
  }
}
