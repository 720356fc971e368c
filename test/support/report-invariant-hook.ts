import { subscribe } from 'node:diagnostics_channel';
import { REPORT_CHANNEL, type ReportPublished } from '../../src/diagnosis/report-invariant';

/**
 * Mocha root hook (loaded by .mocharc for every test file): every report any test gets from the
 * engine — engine, CLI, chat and policy tests alike — must keep the report's invariant: no failed
 * check without a finding, no `ok` verdict beside a failed check. A test whose diagnosis broke it
 * fails in its "after each" hook, naming the checks.
 */
const violations: string[] = [];

function describeViolation({ report, unexplained }: ReportPublished): string[] {
  const found: string[] = unexplained.map((c) => `${c.target} ${c.name} ${c.status} without a finding: ${c.detail}`);
  const failed = report.checks.filter((c) => c.status === 'fail');
  if (report.verdict === 'ok' && failed.length > 0) found.push(`verdict ok beside failed checks: ${failed.map((c) => c.name).join(', ')}`);
  return found;
}

subscribe(REPORT_CHANNEL, (message) => {
  violations.push(...describeViolation(message as ReportPublished));
});

/** Takes the violations seen since the last call (for the hook's own test). */
export function takeViolations(): string[] {
  return violations.splice(0, violations.length);
}

export const mochaHooks = {
  beforeEach(): void {
    violations.length = 0;
  },
  afterEach(): void {
    const seen = takeViolations();
    if (seen.length > 0) throw new Error(`report invariant broken (src/diagnosis/report-invariant.ts):\n  ${seen.join('\n  ')}`);
  },
};
