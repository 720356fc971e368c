/**
 * The ids this adapter puts on buttons and modals, so its handlers find their own events.
 * Choice buttons carry the conversation's choice id after the prefix; those ids are stable,
 * so a button on an old message still means the same thing.
 */
export const CHOICE_ACTION_PREFIX = 'mailhelp_choice:';
export const CHOICE_ACTION = /^mailhelp_choice:/;
export const CHOICES_BLOCK = 'mailhelp_choices';
/** "Type a number from 1 to 4, or …": how to answer; dropped once the question is answered. */
export const HINT_BLOCK = 'mailhelp_hint';
/** The report's buttons (again, another account, help desk, done) stay usable after a click. */
export const REPORT_ACTIONS_BLOCK = 'mailhelp_report_actions';
/** "Open the form" when the form could not be opened directly (no fresh trigger id). */
export const OPEN_FORM_ACTION = 'mailhelp_open_form';
/** The link button to the one-time sign-in page; Slack still sends a click that must be acked. */
export const SECURE_LINK_ACTION = 'mailhelp_secure_link';
export const FORM_CALLBACK = 'mailhelp_form';

export function choiceActionId(choiceId: string): string {
  return `${CHOICE_ACTION_PREFIX}${choiceId}`;
}

export function choiceIdOf(actionId: string): string {
  return actionId.slice(CHOICE_ACTION_PREFIX.length);
}
