/**
 * Limits the effects must fit on every platform, the strictest of Slack and Discord
 * (see shared/reference/chat-platforms.md): a Slack modal title takes 24 characters, a
 * Discord modal label 45 and a field placeholder 100, a Slack button 75, Discord shows five
 * buttons per row and five inputs per modal, and a Discord message holds 2,000 characters.
 */
export const LIMITS = {
  formTitle: 24,
  fieldLabel: 45,
  placeholder: 100,
  buttonLabel: 75,
  choicesPerQuestion: 5,
  fieldsPerForm: 5,
  messageText: 2000,
} as const;

/** A conversation nobody answered for this long closes politely. */
export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;

/** Replies longer than this are not parsed (nobody types a server name that long). */
export const MAX_REPLY_LENGTH = 500;
