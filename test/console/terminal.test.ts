import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { PASTE_WINDOW_MS, Terminal } from '../../adapters/console/terminal';
import { Screen } from './support/screen';

/** A pair of streams that look like a terminal to readline (TTY, raw mode, a width). */
function fakeTty(): { input: PassThrough; output: PassThrough; shown: () => string } {
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => input });
  const output = Object.assign(new PassThrough(), { isTTY: true, columns: 80 });
  let shown = '';
  output.on('data', (chunk: Buffer) => {
    shown += chunk.toString('utf8');
  });
  return { input, output, shown: () => shown };
}

describe('console terminal', () => {
  it('at a TTY, echoes ordinary answers but not a secret one', async () => {
    const tty = fakeTty();
    const terminal = new Terminal(tty.input, tty.output);
    assert.equal(terminal.interactive, true);
    const visible = terminal.readLine({ prompt: 'Server: ' });
    tty.input.write('imap.acme.com\r');
    assert.equal(await visible, 'imap.acme.com');
    const hidden = terminal.readLine({ prompt: 'Password: ', secret: true });
    tty.input.write('s3cret-typed\r');
    assert.equal(await hidden, 's3cret-typed');
    terminal.close();
    assert.match(tty.shown(), /imap\.acme\.com/);
    assert.match(tty.shown(), /Password: /);
    assert.ok(!tty.shown().includes('s3cret'), 'the secret was echoed');
  });

  it('at a TTY, bot messages clear the half-typed prompt line and draw it again', async () => {
    const tty = fakeTty();
    const terminal = new Terminal(tty.input, tty.output);
    const pending = terminal.readLine();
    terminal.write('Checking imap.acme.com:993…');
    tty.input.write('x\r');
    await pending;
    terminal.close();
    assert.match(tty.shown(), /\x1b\[2K|\x1b\[0K|\x1b\[1G|\r/u);
    assert.match(tty.shown(), /Checking imap\.acme\.com:993…\n/);
  });

  describe('the prompt on the screen (through a terminal emulator)', () => {
    /** The fake TTY's bytes as a terminal shows them. */
    function screenOf(tty: ReturnType<typeof fakeTty>): Screen {
      const screen = new Screen({ cols: 80, rows: 24, convertEol: true });
      tty.output.on('data', (chunk: Buffer) => screen.write(chunk.toString('utf8')));
      return screen;
    }

    it('is drawn only while a read waits, once, and output arriving meanwhile goes above it', async () => {
      const tty = fakeTty();
      const screen = screenOf(tty);
      const terminal = new Terminal(tty.input, tty.output);
      terminal.write('Looking up the settings for acme.test…');
      const answer = terminal.readLine();
      terminal.write('These are the settings that should work:');
      terminal.write('Does your mail app use these settings?');
      assert.equal(await screen.text(), 'Looking up the settings for acme.test…\nThese are the settings that should work:\nDoes your mail app use these settings?\n>');
      tty.input.write('yes\r');
      assert.equal(await answer, 'yes');
      // No read waits now: a message is a line of its own, no prompt drawn after it.
      terminal.write('What isn\'t working?');
      terminal.write('  1) Receiving');
      terminal.close();
      assert.equal(await screen.text(), 'Looking up the settings for acme.test…\nThese are the settings that should work:\nDoes your mail app use these settings?\n> yes\nWhat isn\'t working?\n  1) Receiving');
      assert.doesNotMatch(tty.shown(), /> > /u);
      screen.dispose();
    });

    it('keeps what was typed so far under a message that arrives', async () => {
      const tty = fakeTty();
      const screen = screenOf(tty);
      const terminal = new Terminal(tty.input, tty.output);
      const answer = terminal.readLine();
      tty.input.write('canc');
      terminal.write('  ✓ Incoming · DNS lookup: passed (6 ms)');
      assert.equal(await screen.text(), '  ✓ Incoming · DNS lookup: passed (6 ms)\n> canc');
      tty.input.write('el\r');
      assert.equal(await answer, 'cancel');
      terminal.close();
      screen.dispose();
    });

    it('a hidden prompt is drawn again under a message while it waits, and not after its answer', async () => {
      const tty = fakeTty();
      const screen = screenOf(tty);
      const terminal = new Terminal(tty.input, tty.output);
      const prompt = 'Password (hidden while you type): ';
      const hidden = terminal.readLine({ prompt, secret: true });
      tty.input.write('s3cr');
      terminal.write('Still there?');
      tty.input.write('et\r');
      assert.equal(await hidden, 's3cret');
      terminal.write('Checking mail.acme.test:993…');
      terminal.write('  ✓ Incoming · DNS lookup: passed (6 ms)');
      terminal.close();
      assert.equal(await screen.text(), `Still there?\n${prompt.trimEnd()}\nChecking mail.acme.test:993…\n  ✓ Incoming · DNS lookup: passed (6 ms)`);
      assert.ok(!tty.shown().includes('s3cr'), 'the secret was drawn');
      screen.dispose();
    });
  });

  it('without a TTY, reads piped lines in order and shows them after the prompt, secrets masked', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (c: Buffer) => {
      shown += c.toString();
    });
    const terminal = new Terminal(input, output);
    input.end('first\nhidden\n');
    assert.equal(await terminal.readLine(), 'first');
    assert.equal(await terminal.readLine({ prompt: 'Password: ', secret: true }), 'hidden');
    assert.equal(await terminal.readLine(), undefined);
    assert.equal(shown, '> first\nPassword: ********\n');
  });

  it('at a TTY, lines pasted together are one answer; lines typed apart are two', async () => {
    const tty = fakeTty();
    const terminal = new Terminal(tty.input, tty.output);
    const pasted = terminal.readLine();
    tty.input.write('nc: connect to imap.acme.com port 993 (tcp) timed out\r;; ANSWER SECTION:\r\rimap.acme.com. 300 IN A 203.0.113.10\r');
    assert.equal(await pasted, 'nc: connect to imap.acme.com port 993 (tcp) timed out\n;; ANSWER SECTION:\n\nimap.acme.com. 300 IN A 203.0.113.10');
    const first = terminal.readLine();
    tty.input.write('yes\r');
    assert.equal(await first, 'yes');
    const second = terminal.readLine();
    await new Promise((resolve) => setTimeout(resolve, PASTE_WINDOW_MS * 2));
    tty.input.write('no\r');
    assert.equal(await second, 'no');
    terminal.close();
  });

  it('piped, a multi-line answer runs to a line holding only a dot (empty lines inside kept), the next line is the next answer', async () => {
    const input = new PassThrough();
    const terminal = new Terminal(input, new PassThrough());
    input.write(';; ANSWER SECTION:\n\nimap.acme.com. 300 IN A 203.0.113.10\n.\ndone\n');
    assert.equal(await terminal.readLine({ multiline: true }), ';; ANSWER SECTION:\n\nimap.acme.com. 300 IN A 203.0.113.10');
    assert.equal(await terminal.readLine(), 'done');
    input.end('last line\n');
    assert.equal(await terminal.readLine({ multiline: true }), 'last line', 'the end of input ends a multi-line answer too');
    assert.equal(await terminal.readLine(), undefined);
  });

  it('close() ends a pending read and lets go of the input', async () => {
    const tty = fakeTty();
    const terminal = new Terminal(tty.input, tty.output);
    const pending = terminal.readLine();
    terminal.close();
    assert.equal(await pending, undefined);
    assert.equal(tty.input.isPaused(), true);
    terminal.write('Bye!');
    assert.equal(tty.input.isPaused(), true, 'writing after close resumed the input (the process would never exit)');
  });
});
