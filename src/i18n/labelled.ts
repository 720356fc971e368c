/**
 * A label before its value or list ("Usage:", "Port: 993"), punctuated the way the language
 * writes it: French puts a no-break space before the colon ("Utilisation :"). Code never
 * glues a ':' to translated words itself.
 */
export function labelled(t: (key: string, values: { label: string }) => string, label: string): string {
  return t('punctuation:label', { label });
}
