import type { Step } from '../../../src/conversation/state';
import { Driver } from './driver';
import { ACME_DISCOVERY, report } from './fixtures';

/** A driver standing at the given step of the flow, reached the ordinary way. */
export function reach(step: Step, driver = new Driver()): Driver {
  driver.start();
  if (step === 'ask_email') return driver;
  driver.reply('alice@acme.com');
  if (step === 'discovering') return driver;
  driver.send({ type: 'discovery_finished', requestId: driver.requestId, result: ACME_DISCOVERY });
  if (step === 'confirm_settings') return driver;
  driver.pick(step === 'ask_incoming' || step === 'ask_outgoing' ? 'own' : 'expected');
  if (step === 'ask_scope') return driver;
  driver.pick(step === 'ask_outgoing' ? 'outgoing' : step === 'ask_incoming' ? 'incoming' : 'both');
  if (step === 'ask_incoming' || step === 'ask_outgoing' || step === 'offer_login') return driver;
  if (step === 'login_form') {
    driver.pick('login');
    return driver;
  }
  driver.pick('skip_login');
  if (step === 'running') return driver;
  if (step === 'ask_os' || step === 'await_client_output') {
    driver.send({ type: 'diagnosis_finished', runId: driver.requestId, report: report([]) });
    if (step === 'await_client_output') driver.pick('linux');
    return driver;
  }
  driver.send({ type: 'diagnosis_finished', runId: driver.requestId, report: report() });
  if (step === 'report') return driver;
  throw new Error(`reach: ${step} is not on the main path`);
}

export const QUESTION_STEPS: Step[] = ['ask_email', 'confirm_settings', 'ask_scope', 'ask_incoming', 'ask_outgoing', 'offer_login', 'report', 'ask_os', 'await_client_output'];
