import assert from 'node:assert/strict';
import { ALL_CAPABILITIES, Driver, lastAsk, shownKeys } from './support/driver';
import { reach } from './support/reach';

/**
 * A surface without buttons (the console declares `typedChoices`) hears what to type where a
 * chat hears "use the button": the machine picks the wording, the adapter only declares itself.
 */
describe('machine: texts for a surface with buttons and one without', () => {
  const surfaces = [
    { name: 'a chat with buttons', capabilities: ALL_CAPABILITIES, suffix: '' },
    { name: 'the console (typed choices)', capabilities: { ...ALL_CAPABILITIES, typedChoices: true }, suffix: '_typed' },
  ];
  for (const { name, capabilities, suffix } of surfaces) {
    it(`${name}: the closed form's hint, the paste question's hint, the help and a report answer not understood`, () => {
      const login = reach('offer_login', new Driver(capabilities));
      login.reply('yes');
      login.send({ type: 'form_closed', formId: 'login' });
      assert.ok(shownKeys([lastAsk(login.log)!]).includes(`conversation:login.form_waiting_hint${suffix}`));

      const paste = reach('await_client_output', new Driver(capabilities));
      assert.ok(shownKeys(paste.log).includes(`conversation:client.paste_hint${suffix}`));

      const report = reach('report', new Driver(capabilities));
      assert.ok(shownKeys(report.reply('help')).includes(`conversation:help.general${suffix}`));
      assert.ok(shownKeys(report.reply('xyzzy')).includes(`conversation:report.invalid${suffix}`));
    });
  }
});
