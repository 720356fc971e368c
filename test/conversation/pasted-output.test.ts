import assert from 'node:assert/strict';
import { pastedOutput } from '../../src/conversation/parse/pasted-output';

/** Command output as chats deliver a paste: in a code block, quoted, with Windows line ends. */
describe('conversation: pasted command output', () => {
  const output = 'nc: connect to 192.0.2.1 port 993 (tcp) timed out\nconnect: Connection refused';

  it('takes the output out of a code block, also glued to its first and last line or with a language tag', () => {
    assert.equal(pastedOutput(`\`\`\`${output}\`\`\``), output);
    assert.equal(pastedOutput(`\`\`\`\n${output}\n\`\`\``), output);
    assert.equal(pastedOutput(`\`\`\`bash\n${output}\n\`\`\`\n`), output);
  });

  it('unquotes a paste quoted line by line, and reads CR LF line ends', () => {
    assert.equal(pastedOutput(output.split('\n').map((l) => `> ${l}`).join('\r\n')), output);
    assert.equal(pastedOutput(output.replace(/\n/gu, '\r\n')), output);
  });

  it('leaves plain output alone, including a line that only starts with ">"', () => {
    assert.equal(pastedOutput(output), output);
    const mixed = `${output}\n> not every line is quoted`;
    assert.equal(pastedOutput(mixed), mixed);
  });
});
