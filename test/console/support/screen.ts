import { Terminal as Emulator } from '@xterm/headless';

/**
 * A terminal emulator fed the bytes a program wrote: what a person sees once lines were cleared
 * and drawn again, scrollback included. A prompt redrawn under new output is there once, where
 * it was left, unlike the bytes themselves, which keep every prompt ever written.
 */
export class Screen {
  readonly #emulator: Emulator;

  /** `convertEol`: the bytes come straight from the program ("\n"), not through a pty's line discipline ("\r\n"). */
  constructor(options: { cols: number; rows: number; convertEol?: boolean }) {
    this.#emulator = new Emulator({ cols: options.cols, rows: options.rows, scrollback: 100_000, convertEol: options.convertEol ?? false, allowProposedApi: true });
  }

  write(data: string): void {
    this.#emulator.write(data);
  }

  /** The lines shown, the ones the terminal wrapped joined again, without trailing blank lines. */
  async text(): Promise<string> {
    await new Promise<void>((resolve) => this.#emulator.write('', resolve));
    const buffer = this.#emulator.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < buffer.length; i++) {
      const line = buffer.getLine(i);
      if (!line) continue;
      // Trailing blanks are invisible (a prompt ends in one).
      const text = line.translateToString(true).trimEnd();
      if (line.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
      else lines.push(text);
    }
    while (lines.length > 0 && lines.at(-1)!.trim() === '') lines.pop();
    return lines.join('\n');
  }

  dispose(): void {
    this.#emulator.dispose();
  }
}
