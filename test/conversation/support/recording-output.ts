import type { ConversationUser } from '../../../src/conversation/state';
import {
  blocksToPlainText,
  type ConversationOutput,
  type MessageBlock,
  type RenderedChoice,
  type RenderedForm,
  type RenderedLoginLink,
  type RenderedProgress,
  type RenderedQuestion,
} from '../../../src/conversation/runner/conversation-output';
import type { ReportDocument } from '../../../src/report-document/report-document';

export type Recorded =
  | { kind: 'say'; text: string }
  /** Seen by the conversation's user alone. */
  | { kind: 'private'; text: string }
  | { kind: 'ask'; question: RenderedQuestion }
  | { kind: 'form'; form: RenderedForm }
  | { kind: 'progress'; progress: RenderedProgress }
  | { kind: 'report'; document: ReportDocument; actions: RenderedChoice[] }
  | { kind: 'escalate'; document: ReportDocument; from: ConversationUser }
  | { kind: 'hide'; messageId: string }
  | { kind: 'link'; link: RenderedLoginLink }
  | { kind: 'end' };

/** An adapter that writes down what it was asked to show, as a test would read it. */
export class RecordingOutput implements ConversationOutput {
  readonly records: Recorded[] = [];
  failing = new Set<Recorded['kind']>();

  async say(message: MessageBlock[]): Promise<void> {
    this.#record({ kind: 'say', text: blocksToPlainText(message) });
  }
  async sayPrivately(message: MessageBlock[]): Promise<void> {
    this.#record({ kind: 'private', text: blocksToPlainText(message) });
  }
  async ask(question: RenderedQuestion): Promise<void> {
    this.#record({ kind: 'ask', question });
  }
  async openForm(form: RenderedForm): Promise<void> {
    this.#record({ kind: 'form', form });
  }
  async progress(progress: RenderedProgress): Promise<void> {
    this.#record({ kind: 'progress', progress });
  }
  async report(document: ReportDocument, actions: RenderedChoice[]): Promise<void> {
    this.#record({ kind: 'report', document, actions });
  }
  async escalate(document: ReportDocument, from: ConversationUser): Promise<void> {
    this.#record({ kind: 'escalate', document, from });
  }
  async hideMessage(messageId: string): Promise<void> {
    this.#record({ kind: 'hide', messageId });
  }
  async end(): Promise<void> {
    this.#record({ kind: 'end' });
  }

  protected record(entry: Recorded): void {
    this.#record(entry);
  }

  #record(entry: Recorded): void {
    if (this.failing.has(entry.kind)) throw new Error(`platform refused ${entry.kind}`);
    this.records.push(entry);
  }

  of<K extends Recorded['kind']>(kind: K): Extract<Recorded, { kind: K }>[] {
    return this.records.filter((r): r is Extract<Recorded, { kind: K }> => r.kind === kind);
  }

  /** Everything shown as text, for "no password anywhere" checks. */
  get transcript(): string {
    return JSON.stringify(this.records);
  }
}

/** An output that can show the password page's link (a platform with private messages). */
export class LinkRecordingOutput extends RecordingOutput {
  async openLoginLink(link: RenderedLoginLink): Promise<void> {
    this.record({ kind: 'link', link });
  }
}
