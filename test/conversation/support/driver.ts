import { inspect } from 'node:util';
import type { TargetRefusal } from '../../../src/diagnosis/check-targets';
import type { Effect } from '../../../src/conversation/effects';
import type { ConversationEvent } from '../../../src/conversation/events';
import { transition } from '../../../src/conversation/machine';
import type { Capabilities, ConversationState } from '../../../src/conversation/state';
import { keysOf } from '../../../src/conversation/text';

export const ALL_CAPABILITIES: Capabilities = { helpDesk: true, privateForms: true };

/**
 * Drives the pure machine like a runner would, without I/O: keeps the state, a clock, and every
 * effect. Each step checks the state survives a JSON round trip (it is stored that way).
 */
export class Driver {
  state: ConversationState | undefined;
  now = 1_700_000_000_000;
  readonly log: Effect[] = [];
  /**
   * What a runner's target check answers (src/diagnosis/check-targets): none refused unless a
   * test says so. It is answered at once, as the runner does when the check finishes.
   */
  refusals: TargetRefusal[] = [];

  constructor(readonly capabilities: Capabilities = ALL_CAPABILITIES) {}

  start(text = '', extra: { locale?: string; preferredLanguage?: string } = {}): Effect[] {
    return this.send({ type: 'started', user: { id: 'U1', name: 'alice' }, text, capabilities: this.capabilities, ...extra });
  }

  send(event: ConversationEvent): Effect[] {
    const result = transition(this.state, event, { now: this.now });
    if (result.state) {
      const roundTrip = JSON.parse(JSON.stringify(result.state)) as ConversationState;
      if (inspect(roundTrip, { depth: 20 }) !== inspect(result.state, { depth: 20 })) throw new Error('state is not plain JSON');
    }
    this.state = result.state;
    this.log.push(...result.effects);
    const check = result.effects.find((e) => e.type === 'check_targets');
    if (check) return [...result.effects, ...this.send({ type: 'targets_checked', requestId: check.requestId, refusals: this.refusals })];
    return result.effects;
  }

  reply(text: string, messageId?: string): Effect[] {
    return this.send(messageId ? { type: 'text', text, messageId } : { type: 'text', text });
  }

  pick(choiceId: string): Effect[] {
    return this.send({ type: 'choice', choiceId });
  }

  advance(ms: number): void {
    this.now += ms;
  }

  get step(): string | undefined {
    return this.state?.step;
  }

  /** The last request id (discovery or diagnosis) the machine asked for. */
  get requestId(): number {
    return this.state?.requestId ?? 0;
  }
}

/** Every i18n key the effects show a person (says, questions, hints, choice labels, forms). */
export function shownKeys(effects: readonly Effect[]): string[] {
  return effects.flatMap((effect) => {
    switch (effect.type) {
      case 'say':
        return keysOf(effect.text);
      case 'ask':
        return [...keysOf(effect.question), ...(effect.hint ? keysOf(effect.hint) : []), ...effect.choices.flatMap((c) => keysOf(c.label))];
      case 'open_form':
        return [...keysOf(effect.form.title), ...effect.form.fields.flatMap((f) => keysOf(f.label))];
      case 'progress':
        return keysOf(effect.title);
      case 'outcome':
        return keysOf(effect.text);
      default:
        return [];
    }
  });
}

export function effectTypes(effects: readonly Effect[]): string[] {
  return effects.map((e) => e.type);
}

export function lastAsk(effects: readonly Effect[]): Extract<Effect, { type: 'ask' }> | undefined {
  return [...effects].reverse().find((e): e is Extract<Effect, { type: 'ask' }> => e.type === 'ask');
}

export function find<T extends Effect['type']>(effects: readonly Effect[], type: T): Extract<Effect, { type: T }> | undefined {
  return effects.find((e): e is Extract<Effect, { type: T }> => e.type === type);
}
