/**
 * How long each part of a document may be, so every platform can show it whole: a Discord
 * embed field value takes 1,024 characters and a title 256, a message at most 10 embeds; a
 * Slack section 3,000 characters. Longer texts are cut with an ellipsis.
 */
export const TEXT_LIMITS = {
  title: 256,
  fieldValue: 1024,
  /** One line of evidence under the fix. */
  evidence: 300,
  step: 500,
  checkDetail: 200,
  /** Finding sections shown; the rest are counted in a note. */
  findingSections: 6,
  checks: 40,
  /** Steps of one app for one fix (the longest entry has nine). */
  appSteps: 15,
  /** One configuration snippet (a Discord field holds 1,024 with its code fence). */
  snippet: 600,
} as const;

export function clip(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}
