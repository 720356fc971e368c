import { clearLine, createInterface, cursorTo, type Interface, moveCursor } from 'node:readline';
import { Writable } from 'node:stream';

/**
 * Lines that reach a TTY this close together were pasted, not typed: nobody presses Enter
 * twice within 40 ms, while a terminal delivers a paste in one burst (a pty splits it into
 * chunks of a few KiB, each well inside this window).
 */
export const PASTE_WINDOW_MS = 40;
/** Ends a multi-line answer typed or piped line by line (the console's hint says so). */
export const END_OF_PASTE = '.';

export interface ReadOptions {
  secret?: boolean;
  prompt?: string;
  /**
   * The answer may span lines (the output of `dig` or `nc`, which has empty lines of its own).
   * At a TTY a paste is one answer anyway; piped lines are gathered until a line holding only
   * END_OF_PASTE, or the end of input.
   */
  multiline?: boolean;
}

/**
 * The terminal the console chat runs in: reads lines (from a person at a TTY, or piped from a
 * script), writes the bot's messages without garbling a half-typed line, and reads secrets
 * without echo. Piped input is not echoed by anyone, so it is echoed here for a readable
 * transcript (secrets as ********). Lines pasted at a TTY arrive as one answer.
 */
export class Terminal {
  readonly interactive: boolean;
  /** Ctrl-C at a TTY. The session decides: cancel the running check, or leave. */
  onInterrupt: () => void = () => this.close();
  readonly #input: NodeJS.ReadableStream;
  readonly #output: NodeJS.WritableStream;
  readonly #readline: Interface;
  /** Complete answers not yet asked for. */
  readonly #answers: string[] = [];
  /** Lines of a paste still arriving (TTY), or of a multi-line answer being gathered. */
  #burst: string[] = [];
  #burstTimer: NodeJS.Timeout | undefined;
  #waiting: { resolve: (line: string | undefined) => void; multiline: boolean } | undefined;
  #muted = false;
  #closed = false;
  #prompt = '> ';
  /**
   * The prompt is on the screen's last line: a read is waiting for its answer. Only then is a
   * prompt drawn, and a message that arrives meanwhile replaces that line and draws it again
   * below itself; with no read waiting there is no prompt to draw ("> > " and a password prompt
   * shown again after its answer came from drawing one anyway).
   */
  #promptShown = false;

  constructor(input: NodeJS.ReadableStream, output: NodeJS.WritableStream) {
    this.#input = input;
    this.#output = output;
    this.interactive = Boolean((input as { isTTY?: boolean }).isTTY && (output as { isTTY?: boolean }).isTTY);
    // readline echoes typed characters through its output; muting that stream hides a password.
    const echo = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        if (!this.#muted) output.write(chunk);
        done();
      },
    });
    this.#readline = createInterface({ input, output: echo, terminal: this.interactive, historySize: 0 });
    this.#readline.on('line', (line) => this.#received(line));
    this.#readline.on('SIGINT', () => this.onInterrupt());
    this.#readline.on('close', () => this.#ended());
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The next answer (several lines when they were pasted together), or undefined at the end of input. */
  async readLine(options: ReadOptions = {}): Promise<string | undefined> {
    this.#prompt = options.prompt ?? '> ';
    const multiline = options.multiline === true;
    let answer = this.#takeAnswer(multiline);
    if (answer === undefined && !this.#closed) answer = await this.#nextAnswer(options.secret === true, multiline);
    if (answer !== undefined && !this.interactive) this.#output.write(`${this.#prompt}${options.secret ? '********' : answer.split('\n').join(`\n${' '.repeat(this.#prompt.length)}`)}\n`);
    return answer;
  }

  /**
   * Prints a message. At a TTY a prompt waiting for an answer is cleared first and drawn again
   * under the message, with what was typed so far (hidden while a secret is typed); characters
   * typed while no read waits are drawn again the same way, without a prompt.
   */
  write(text: string): void {
    const typed = this.interactive && !this.#closed && !this.#muted && this.#readline.line.length > 0;
    const redraw = this.interactive && !this.#closed && (this.#promptShown || typed);
    if (redraw) {
      clearLine(this.#output, 0);
      cursorTo(this.#output, 0);
    }
    this.#output.write(`${text}\n`);
    if (!redraw) return;
    // readline's own output is muted while a secret is typed: the prompt is written here, and
    // nothing of the secret (readline would draw it as it is, not as stars).
    if (this.#muted) this.#output.write(this.#prompt);
    else {
      if (!this.#promptShown) this.#readline.setPrompt('');
      this.#readline.prompt(true);
    }
  }

  /** Removes the line the user just entered (a password typed in the chat) from the screen. */
  eraseLastInput(): void {
    if (!this.interactive) return;
    moveCursor(this.#output, 0, -1);
    clearLine(this.#output, 0);
    cursorTo(this.#output, 0);
  }

  /** Stops reading: a pending read gets undefined, the TTY leaves raw mode, stdin lets the process exit. */
  close(): void {
    this.#readline.close();
    this.#ended();
  }

  #nextAnswer(secret: boolean, multiline: boolean): Promise<string | undefined> {
    if (this.interactive) {
      this.#readline.setPrompt(this.#prompt);
      this.#readline.prompt(true);
      this.#muted = secret;
      this.#promptShown = true;
    }
    return new Promise((resolve) => (this.#waiting = { resolve, multiline }));
  }

  #received(line: string): void {
    // Enter ends the prompt's line: the prompt is no longer the last line on the screen.
    this.#promptShown = false;
    if (this.#muted) {
      // A hidden answer is never grouped or kept beyond its one read.
      this.#muted = false;
      this.#output.write('\n');
      this.#answers.push(line);
      this.#deliver();
      return;
    }
    this.#burst.push(line);
    if (!this.interactive) {
      this.#flushBurst();
      return;
    }
    clearTimeout(this.#burstTimer);
    this.#burstTimer = setTimeout(() => this.#flushBurst(), PASTE_WINDOW_MS);
  }

  /** A burst of lines (a paste at a TTY; one line when piped) becomes one pending answer. */
  #flushBurst(): void {
    clearTimeout(this.#burstTimer);
    this.#burstTimer = undefined;
    if (this.#burst.length === 0) return;
    this.#answers.push(this.#burst.join('\n'));
    this.#burst = [];
    this.#deliver();
  }

  #deliver(): void {
    const waiting = this.#waiting;
    if (!waiting) return;
    const answer = this.#takeAnswer(waiting.multiline);
    if (answer === undefined) return;
    this.#waiting = undefined;
    waiting.resolve(answer);
  }

  /**
   * The next answer from what has arrived. A piped multi-line answer is complete at a line
   * holding only END_OF_PASTE, or at the end of input; until then its lines stay queued.
   */
  #takeAnswer(multiline: boolean): string | undefined {
    // At a TTY every burst is complete: a paste arrives whole, a typed line is one answer.
    if (!multiline || this.#answers.length === 0) return this.#answers.shift();
    if (this.interactive) return stripEnd(this.#answers.shift()!);
    const end = this.#answers.findIndex((a) => a.trim() === END_OF_PASTE);
    if (end === -1 && !this.#closed) return undefined;
    const lines = this.#answers.splice(0, end === -1 ? this.#answers.length : end + 1);
    return stripEnd(lines.join('\n'));
  }

  #ended(): void {
    if (this.#closed) return;
    this.#flushBurst();
    this.#closed = true;
    // Ctrl-D at an empty prompt: the prompt goes, so the goodbye is a line of its own.
    if (this.#promptShown && this.interactive) {
      clearLine(this.#output, 0);
      cursorTo(this.#output, 0);
    }
    this.#promptShown = false;
    // A TTY's stdin holds the event loop open; once no more input is wanted, let go of it.
    this.#input.pause();
    (this.#input as { unref?: () => void }).unref?.();
    const waiting = this.#waiting;
    this.#waiting = undefined;
    if (waiting) waiting.resolve(this.#takeAnswer(waiting.multiline));
  }
}

/** The END_OF_PASTE line and trailing empty lines are not part of the answer. */
function stripEnd(answer: string): string {
  const lines = answer.split('\n');
  while (lines.length > 0 && (lines.at(-1)!.trim() === END_OF_PASTE || lines.at(-1)!.trim() === '')) lines.pop();
  return lines.join('\n');
}
