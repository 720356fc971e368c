import assert from 'node:assert/strict';
import { CHOICES } from '../../src/conversation/choices';
import { pickChoice } from '../../src/conversation/parse/parse-choice';
import { reach } from './support/reach';

const SCOPE = [CHOICES.incoming, CHOICES.outgoing, CHOICES.both, CHOICES.cancel];

describe('near misses of the expected words, in every language', () => {
  const typos: [string, string][] = [
    ['recieving', 'incoming'], ['receving', 'incoming'], ['incomming', 'incoming'], ['outgoign', 'outgoing'], ['sedning', 'outgoing'],
    ['empfagnen', 'incoming'], ['eingehnd', 'incoming'], ['ausgehnd', 'outgoing'], ['versenedn', 'outgoing'],
    ['recibri', 'incoming'], ['entrnate', 'incoming'], ['salinete', 'outgoing'],
    ['réceptoin', 'incoming'], ['recevior', 'incoming'], ['envoyre', 'outgoing'], ['sortnat', 'outgoing'],
    ['receebr', 'incoming'], ['enviarr', 'outgoing'],
    ['cancle', 'cancel'], ['abbrechn', 'cancel'], ['annluer', 'cancel'],
  ];
  for (const [typed, expected] of typos) {
    it(`"${typed}" picks ${expected}`, () => assert.equal(pickChoice(typed, SCOPE), expected));
  }

  it('short words, sentences and unrelated words are not guessed', () => {
    for (const typed of ['ni', 'imap.acme.com', 'hello there', 'banana', 'xyzzy']) {
      assert.equal(pickChoice(typed, SCOPE), undefined, typed);
    }
  });

  it('in the conversation, "recieving" answers the scope question', () => {
    const d = reach('ask_scope');
    d.reply('recieving');
    assert.notEqual(d.step, 'ask_scope');
  });
});
