import { labelled } from '../../src/i18n/labelled';
import type { UserRoles } from '../../src/conversation/state';
import {
  blocksToPlainText,
  type ConversationOutput,
  type MessageBlock,
  type RenderedChoice,
  type RenderedForm,
  type RenderedLoginLink,
  type RenderedSignInCode,
  type RenderedProgress,
  type RenderedQuestion,
} from '../../src/conversation/runner/conversation-output';
import type { ConversationUser } from '../../src/conversation/state';
import { renderDetailsText, renderDocumentText } from '../../src/report-document/render-text';
import type { ReportDocument } from '../../src/report-document/report-document';
import { END_OF_PASTE, type Terminal } from './terminal';

export interface ConsoleOutputHooks {
  /** The machine opened a private form; the session asks its fields next. */
  onForm(form: RenderedForm): void;
  onEnd(): void;
  /** A question was asked; `multiline` when its answer is a paste. */
  onQuestion(multiline: boolean): void;
  /** The console's own words (hints that depend on the terminal), in the session's language. */
  t(key: string, values?: Record<string, string | number>): string;
  escalate?: (reportText: string, from: ConversationUser) => Promise<void>;
}

/** The conversation's effects as terminal text. */
export class ConsoleOutput implements ConversationOutput {
  /** Checks already printed per run, so each progress update prints only what is new. */
  readonly #printedChecks = new Map<number, Set<string>>();
  /** The title last printed per run: printed again only when it changes ("you are number 2"). */
  readonly #printedTitles = new Map<number, string>();
  /** A report's action list was the last thing printed: what follows starts after a blank line. */
  #afterReport = false;

  constructor(
    private readonly terminal: Terminal,
    private readonly hooks: ConsoleOutputHooks,
  ) {}

  async say(message: MessageBlock[]): Promise<void> {
    this.terminal.write(this.#separated(blocksToPlainText(message)));
  }

  async ask(question: RenderedQuestion): Promise<void> {
    const lines = [this.#separated(blocksToPlainText(question.message))];
    if (question.choices.length > 0) lines.push(numbered(question.choices));
    // There are no buttons here: the console words how to pick a choice itself.
    const hint = question.choiceHint ? this.hooks.t('console:pick_hint', { count: question.choices.length }) : question.hint;
    if (hint) lines.push(`(${hint})`);
    if (question.multiline && !this.terminal.interactive) lines.push(`(${this.hooks.t('console:paste_hint', { end: END_OF_PASTE })})`);
    this.hooks.onQuestion(question.multiline === true);
    this.terminal.write(lines.join('\n'));
  }

  async openForm(form: RenderedForm): Promise<void> {
    this.hooks.onForm(form);
  }

  /** The terminal is the user's own: the one-time link is printed for them to open. */
  async openLoginLink(link: RenderedLoginLink): Promise<void> {
    this.terminal.write([`— ${link.title} —`, blocksToPlainText(link.message), link.url].join('\n'));
  }

  /** The terminal is the user's own: the sign-in code is printed for them. */
  async showSignInCode(code: RenderedSignInCode): Promise<void> {
    this.terminal.write([`— ${code.title} —`, blocksToPlainText(code.message)].join('\n'));
  }

  async progress(progress: RenderedProgress): Promise<void> {
    let printed = this.#printedChecks.get(progress.runId);
    if (!printed) {
      printed = new Set();
      this.#printedChecks.set(progress.runId, printed);
    }
    if (!progress.done && this.#printedTitles.get(progress.runId) !== progress.title) {
      this.#printedTitles.set(progress.runId, progress.title);
      this.terminal.write(progress.title);
    }
    for (const check of progress.checks) {
      const id = JSON.stringify([check.label, check.status, check.ms, check.detail]);
      if (printed.has(id)) continue;
      printed.add(id);
      this.terminal.write(`  ${check.symbol} ${labelled(this.hooks.t, check.label)} ${check.statusLabel} (${check.ms} ms)`);
    }
    if (progress.done) {
      this.terminal.write(progress.title);
      this.#printedChecks.delete(progress.runId);
      this.#printedTitles.delete(progress.runId);
    }
  }

  async report(document: ReportDocument, actions: RenderedChoice[]): Promise<void> {
    this.terminal.write(`\n${renderDocumentText(document)}\n`);
    if (actions.length === 0) return;
    // Asked like any other question, so the numbers read as the report's next steps.
    this.terminal.write([this.hooks.t('conversation:report.next'), numbered(actions), `(${this.hooks.t('console:pick_hint', { count: actions.length })})`].join('\n'));
    this.#afterReport = true;
  }

  /** A question or message right after a report's action list, set apart from that list. */
  #separated(text: string): string {
    if (!this.#afterReport) return text;
    this.#afterReport = false;
    return `\n${text}`;
  }

  /** "Show details" (a number to type): the settings and every check with what it saw. */
  async reportDetails(document: ReportDocument): Promise<void> {
    this.terminal.write(`\n${renderDetailsText(document)}\n`);
  }

  /** The help desk gets the whole report, details included: it has not seen the progress. */
  async escalate(document: ReportDocument, from: ConversationUser): Promise<void> {
    await this.hooks.escalate?.(renderDocumentText(document, { details: true }), from);
  }

  /** The person at the terminal runs the bot: every channel command is theirs to use. */
  async roles(): Promise<UserRoles> {
    return { admin: true, helpDesk: true };
  }

  async hideMessage(): Promise<void> {
    this.terminal.eraseLastInput();
  }

  async end(): Promise<void> {
    this.hooks.onEnd();
  }
}

/** "  1) Yes  2) No": buttons as numbers to type. */
export function numbered(choices: readonly RenderedChoice[]): string {
  return choices.map((c, i) => `  ${i + 1}) ${c.label}`).join('\n');
}
