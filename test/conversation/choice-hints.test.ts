import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { ConsoleOutput } from '../../adapters/console/console-output';
import { Terminal } from '../../adapters/console/terminal';
import type { AskEffect } from '../../src/conversation/effects';
import { questionFor } from '../../src/conversation/questions';
import { renderQuestion, renderString } from '../../src/conversation/runner/render-effects';
import type { ConversationState, Step } from '../../src/conversation/state';
import { LANGUAGES, translator } from '../../src/i18n/translator';
import { QUESTION_STEPS, reach } from './support/reach';

/** Every question that shows options, reached the ordinary way; two the main path does not take. */
function questions(): { name: string; ask: AskEffect }[] {
  const states: { name: string; state: ConversationState }[] = QUESTION_STEPS.map((step: Step) => ({ name: step, state: reach(step).state! }));
  const login = reach('offer_login').state!;
  // The transcript's case: the offered OAuth sign-in is a fourth option.
  states.push({
    name: 'offer_login with a sign-in',
    state: { ...login, modernAuth: 'discovery', signIn: { available: true, providerId: 'test', providerName: 'Test Identity', flow: 'device' } },
  });
  states.push({ name: 'ask_app', state: { ...reach('report').state!, step: 'ask_app' } });
  states.push({ name: 'login_form', state: reach('login_form').state! });
  return states.flatMap(({ name, state }) => {
    const ask = questionFor(state).find((e): e is AskEffect => e.type === 'ask');
    assert.ok(ask, `${name} asks nothing`);
    return ask.choices.length > 0 ? [{ name, ask }] : [];
  });
}

/** The hint the console prints under the numbered options (its own words for picking one). */
function consoleHint(ask: AskEffect, language: string): string | undefined {
  const t = translator(language);
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk: Buffer) => {
    shown += chunk.toString('utf8');
  });
  const terminal = new Terminal(new PassThrough(), output);
  const console = new ConsoleOutput(terminal, { onForm: () => undefined, onEnd: () => undefined, onQuestion: () => undefined, t: (key, values) => t(key, values) });
  void console.ask(renderQuestion(t, ask));
  terminal.close();
  return /^\((.*)\)$/mu.exec(shown)?.[1];
}

/**
 * The numbers a hint names, with its examples left out ("like imap.acme.com 993 ssl",
 * "imap.example.com:993"): those are ports, not options.
 */
function numbersIn(hint: string, ask: AskEffect, language: string): number[] {
  let rest = hint;
  const example = ask.hint && 'key' in ask.hint ? ask.hint.values?.example : undefined;
  if (example !== undefined) rest = rest.replace(typeof example === 'object' ? renderString(translator(language), example) : String(example), '');
  rest = rest.replace(/[\w.@-]+\.[a-z]{2,}(?::\d+)?/giu, '');
  return [...rest.matchAll(/\d+/gu)].map((m) => Number(m[0]));
}

describe('choice hints: the numbers a hint names are the options shown', () => {
  const all = questions();

  it('covers every question with options, the 4-option ones and the 13 apps included', () => {
    const names = all.map((q) => q.name);
    for (const name of ['confirm_settings', 'ask_scope', 'offer_login with a sign-in', 'report', 'ask_app', 'ask_os']) assert.ok(names.includes(name), `${name} missing`);
    assert.equal(all.find((q) => q.name === 'offer_login with a sign-in')?.ask.choices.length, 4);
    assert.equal(all.find((q) => q.name === 'confirm_settings')?.ask.choices.length, 4);
  });

  for (const language of LANGUAGES) {
    it(`${language}: in the chats and in the console, a hint that names numbers names 1 to the number of options, no other`, () => {
      const wrong: string[] = [];
      for (const { name, ask } of all) {
        const count = ask.choices.length;
        const chat = renderQuestion(translator(language), ask).hint;
        for (const [surface, hint] of [
          ['chat', chat],
          ['console', consoleHint(ask, language)],
        ] as const) {
          if (hint === undefined) continue;
          const numbers = numbersIn(hint, ask, language);
          const named = numbers.length > 0;
          if (numbers.some((n) => n !== 1 && n !== count) || (named && count > 1 && !numbers.includes(count))) wrong.push(`${name} (${count} options), ${surface}: ${hint}`);
        }
      }
      assert.deepEqual(wrong, []);
    });

    it(`${language}: one option is named as one, not as a range`, () => {
      const t = translator(language);
      const single = new Intl.PluralRules(language).resolvedOptions().pluralCategories.includes('one');
      for (const key of ['console:pick_hint', 'console:pick_number', 'conversation:common.choice_hint']) {
        const one = t(key, { count: 1 });
        const four = t(key, { count: 4 });
        assert.deepEqual([...four.matchAll(/\d+/gu)].map((m) => m[0]), ['1', '4'], `${key}: ${four}`);
        assert.deepEqual([...one.matchAll(/\d+/gu)].map((m) => m[0]), single ? ['1'] : ['1', '1'], `${key}: ${one}`);
      }
    });
  }
});
