import { clearLine, createInterface, cursorTo, type Interface, moveCursor } from 'node:readline';
import { Writable } from 'node:stream';

/**
 * The terminal the console chat runs in: reads lines (from a person at a TTY, or piped from a
 * script), writes the bot's messages without garbling a half-typed line, and reads secrets
 * without echo. Piped input is not echoed by anyone, so it is echoed here for a readable
 * transcript (secrets as ********).
 */
export class Terminal {
  readonly interactive: boolean;
  readonly #output: NodeJS.WritableStream;
  readonly #readline: Interface;
  readonly #queued: string[] = [];
  readonly #waiting: ((line: string | undefined) => void)[] = [];
  #muted = false;
  #closed = false;
  #prompt = '> ';

  constructor(input: NodeJS.ReadableStream, output: NodeJS.WritableStream) {
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
    this.#readline.on('line', (line) => this.#deliver(line));
    // Ctrl-C ends the chat like end of input: running checks are stopped, nothing is kept.
    this.#readline.on('SIGINT', () => this.#readline.close());
    this.#readline.on('close', () => {
      this.#closed = true;
      for (const resolve of this.#waiting.splice(0)) resolve(undefined);
    });
  }

  /** The next line, or undefined at the end of input. */
  async readLine(options: { secret?: boolean; prompt?: string } = {}): Promise<string | undefined> {
    this.#prompt = options.prompt ?? '> ';
    const queued = this.#queued.shift();
    const line = queued !== undefined ? queued : this.#closed ? undefined : await this.#nextLine(options.secret === true);
    if (line !== undefined && !this.interactive) this.#output.write(`${this.#prompt}${options.secret ? '********' : line}\n`);
    return line;
  }

  /** Prints a message; at a TTY the prompt line is cleared first and drawn again after. */
  write(text: string): void {
    if (this.interactive) {
      clearLine(this.#output, 0);
      cursorTo(this.#output, 0);
    }
    this.#output.write(`${text}\n`);
    if (this.interactive && !this.#muted) this.#readline.prompt(true);
  }

  /** Removes the line the user just entered (a password typed in the chat) from the screen. */
  eraseLastInput(): void {
    if (!this.interactive) return;
    moveCursor(this.#output, 0, -1);
    clearLine(this.#output, 0);
    cursorTo(this.#output, 0);
  }

  close(): void {
    this.#readline.close();
  }

  #nextLine(secret: boolean): Promise<string | undefined> {
    if (this.interactive) {
      this.#readline.setPrompt(this.#prompt);
      this.#readline.prompt();
      this.#muted = secret;
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #deliver(line: string): void {
    const wasMuted = this.#muted;
    this.#muted = false;
    if (wasMuted) this.#output.write('\n');
    const waiter = this.#waiting.shift();
    if (waiter) waiter(line);
    else this.#queued.push(line);
  }
}
