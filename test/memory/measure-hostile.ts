import { runMailhelpChild } from './child-diagnose';
import { startHostileLab } from './hostile-cases';

/**
 * Before/after numbers of issue 12: peak RSS and time to verdict of one `mailhelp diagnose`
 * (in its own process) against each hostile server, then four at once.
 *   node --require tsx/cjs test/memory/measure-hostile.ts [NAME-SUBSTRING]
 */
async function measure(): Promise<void> {
  const lab = await startHostileLab();
  const only = process.argv[2];
  const summary = (stdout: string): string => {
    try {
      const report = JSON.parse(stdout) as { verdict?: string; findings?: { cause: string }[]; durationMs?: number; incoming?: unknown[] };
      if (report.findings) return `${report.verdict} ${report.findings.map((f) => f.cause).join(',')} (report ${report.durationMs} ms)`;
      return 'discovery done';
    } catch {
      return `no JSON: ${stdout.slice(0, 120)}`;
    }
  };
  try {
    for (const c of lab.cases.filter((c) => !only || c.name.includes(only))) {
      const run = await runMailhelpChild(c.args, { env: c.env, ca: lab.ca, fixture: c.fixture, killAfterMs: 600_000 });
      console.log(`${c.name.padEnd(36)} peak RSS ${(run.peakRss / 1e6).toFixed(0).padStart(5)} MB  wall ${String(run.ms).padStart(6)} ms  exit ${run.code}  ${summary(run.stdout)} handles@verdict ${JSON.stringify(run.handlesAtVerdict ?? [])} ${run.stderr.slice(0, 200)}`);
    }
    const bomb = lab.cases[0]!;
    if (!only || only === 'four') {
      const runs = await Promise.all([0, 1, 2, 3].map(() => runMailhelpChild(bomb.args, { env: bomb.env, ca: lab.ca, killAfterMs: 600_000 })));
      const total = runs.reduce((sum, r) => sum + r.peakRss, 0);
      console.log(`four literal bombs, four processes: sum of peak RSS ${(total / 1e6).toFixed(0)} MB, slowest ${Math.max(...runs.map((r) => r.ms))} ms`);
      const one = await runMailhelpChild(bomb.args, { env: { ...bomb.env, MAILHELP_CHILD_PARALLEL: '4' }, ca: lab.ca, killAfterMs: 600_000 });
      console.log(`four literal bombs at once in one process: peak RSS ${(one.peakRss / 1e6).toFixed(0)} MB, wall ${one.ms} ms`);
    }
  } finally {
    await lab.close();
  }
}

void measure();
