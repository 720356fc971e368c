import assert from 'node:assert/strict';
import { runMailhelpChild } from './child-diagnose';
import { startHostileLab, type HostileLab } from './hostile-cases';

/** Issue 12 §1: one diagnosis of any hostile server stays under this; four at once under twice it. */
const ONE_MAX_RSS = 200 * 1024 * 1024;
const FOUR_MAX_RSS = 400 * 1024 * 1024;

/**
 * Peak memory of a real `mailhelp diagnose` (its own process, so its own heap and RSS) against
 * each hostile server, one per library path: imapflow, nodemailer, the POP3 client and the
 * bot's probes, the autoconfig fetch. Before the byte caps the literal bomb reached 480 MB here.
 */
describe('memory: a hostile server cannot blow up a diagnosis (child process, peak RSS)', function () {
  this.timeout(120_000);
  let lab: HostileLab;
  before(async function () {
    lab = await startHostileLab();
  });
  after(() => lab?.close());

  const mb = (bytes: number): string => `${Math.round(bytes / 1e6)} MB`;

  for (const name of ['imap literal bomb', 'imap endless line', 'smtp endless EHLO', 'imap drip', 'smtp drip', 'pop3 drip', 'autoconfig endless body']) {
    it(`${name}: peak RSS under 200 MB, and a finding`, async function () {
      const c = lab.cases.find((x) => x.name.startsWith(name));
      assert.ok(c, name);
      const run = await runMailhelpChild(c.args, { env: c.env, ca: lab.ca, fixture: c.fixture });
      assert.ok(run.peakRss > 0, `no peak RSS from the child: ${run.stderr.slice(0, 300)}`);
      assert.ok(run.peakRss < ONE_MAX_RSS, `${c.path}: peak RSS ${mb(run.peakRss)}`);
      const output = JSON.parse(run.stdout) as { verdict?: string; findings?: { cause: string }[] };
      if (c.fixture !== 'discover-child') {
        assert.equal(run.code, 1, run.stdout.slice(0, 500));
        assert.equal(output.verdict, 'problem');
        // One deadline for the whole diagnosis, stated in the report (8 steps of 5 s + 20 s login by default).
        assert.equal(typeof (output as { deadlineMs?: number }).deadlineMs, 'number');
        // No socket of the diagnosis outlives its verdict (checked 50 ms after it).
        const open = (run.handlesAtVerdict ?? []).filter((h) => /TCP|TLS/.test(h));
        assert.deepEqual(open, [], `handles after the verdict: ${run.handlesAtVerdict?.join(', ')}`);
      }
    });
  }

  it('four literal bombs at once in one process: peak RSS under 400 MB', async function () {
    const bomb = lab.cases.find((x) => x.name.startsWith('imap literal bomb'))!;
    const run = await runMailhelpChild(bomb.args, { env: { ...bomb.env, MAILHELP_CHILD_PARALLEL: '4' }, ca: lab.ca });
    assert.ok(run.peakRss > 0 && run.peakRss < FOUR_MAX_RSS, `peak RSS ${mb(run.peakRss)}`);
    const outputs = JSON.parse(run.stdout) as { code: number }[];
    assert.deepEqual(outputs.map((o) => o.code), [1, 1, 1, 1]);
  });
});
