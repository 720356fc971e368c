import { App } from '@slack/bolt';
import { type ChildProcess, spawn } from 'node:child_process';
import { Agent } from 'node:http';
import { startSlack, slackOptionsFromEnv } from '../adapters/slack/start-slack';
import { FakeSlackApi } from '../test/slack/support/fake-slack-api';
import { formBody, postSigned, slashCommandFields } from '../test/slack/support/slack-requests';
import { ACME_DISCOVERY, report } from '../test/conversation/support/fixtures';

/**
 * The Slack row of `npm run bench` (issue #7): slash-command ack latency, measured by the client
 * from sending a signed `/mailhelp` to the end of the HTTP response, at 200 concurrent commands
 * over keep-alive connections. Beside it, a trivial Bolt app (`await ack()` and nothing else) in
 * the same run on the same machine, so the ratio says what mailhelp's own work costs. Each bot
 * is its own process configured by the environment, as deployed; the driver and the fake Web
 * API share this one. Target: mailhelp's p99 under 1 s and within 1.5× the trivial app's.
 */
const CONCURRENCY = Number(process.env.BENCH_SLACK_CONCURRENCY ?? 200);
const ROUNDS = Number(process.env.BENCH_SLACK_ROUNDS ?? 8);
const SECRET = 'bench-signing-secret';
const ROLE_VARIABLE = 'MAILHELP_BENCH_SLACK_ROLE';

export interface SlackAckRow {
  line: string;
  ok: boolean;
}

interface Measured {
  p50: number;
  p99: number;
  failures: number;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
}

function startBot(role: 'trivial' | 'mailhelp', apiUrl: string, botToken: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', __filename], {
    env: { ...process.env, [ROLE_VARIABLE]: role, SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: apiUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const port = /"port":(\d+)/.exec(out)?.[1];
      if (port) resolve({ child, port: Number(port) });
    });
    child.on('exit', (code) => reject(new Error(`${role} bot exited ${code}: ${out}`)));
  });
}

/** One burst of signed commands at once; the latency of each, as the client saw it. */
async function burst(port: number, fake: FakeSlackApi, agent: Agent): Promise<{ ms: number; status: number }[]> {
  const url = `http://127.0.0.1:${port}/slack/events`;
  return Promise.all(
    Array.from({ length: CONCURRENCY }, (_, i) => {
      const fields = slashCommandFields({ text: '', channel: 'C0GENERAL', user: `U0USER${i % 20}`, triggerId: fake.issueTriggerId(), responseUrl: fake.responseUrl() });
      const send = () => postSigned(url, formBody(fields), 'application/x-www-form-urlencoded', SECRET, { agent });
      // A kept-alive socket the bot closed as idle (its 5 s keep-alive timeout) just as it was
      // reused: the request never reached the bot, so it is sent again on a fresh connection.
      return send().catch((error: { code?: string }) => (error.code === 'ECONNRESET' ? send() : Promise.reject(error)));
    }),
  );
}

/** Waits until the fake has had no call for a while: the previous burst's follow-up work is done. */
async function quiet(fake: FakeSlackApi): Promise<void> {
  for (let seen = -1; seen !== fake.calls.length; ) {
    seen = fake.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

function summary(times: number[], failures: number): Measured {
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99), failures };
}

/**
 * Both bots run side by side and take turns, burst for burst, the order swapped every round: a
 * shared, busy machine then weighs on both alike. Each burst starts once the last one's
 * follow-up work is over, so each bot is timed with its own post-ack work only.
 */
async function measureBoth(fake: FakeSlackApi): Promise<{ trivial: Measured; mailhelp: Measured }> {
  const bots = { trivial: await startBot('trivial', fake.apiUrl, fake.botToken), mailhelp: await startBot('mailhelp', fake.apiUrl, fake.botToken) };
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const times = { trivial: [] as number[], mailhelp: [] as number[] };
  const failures = { trivial: 0, mailhelp: 0 };
  try {
    for (let round = 0; round <= ROUNDS; round++) {
      const order = round % 2 === 0 ? (['trivial', 'mailhelp'] as const) : (['mailhelp', 'trivial'] as const);
      for (const role of order) {
        await quiet(fake);
        const results = await burst(bots[role].port, fake, agent);
        // Round 0 warms up (module loading, JIT, connections) and is not counted.
        if (round === 0) continue;
        for (const result of results) {
          times[role].push(result.ms);
          if (result.status !== 200) failures[role] += 1;
        }
      }
    }
    await quiet(fake);
  } finally {
    agent.destroy();
    await Promise.all(Object.values(bots).map((bot) => stopBot(bot.child)));
  }
  return { trivial: summary(times.trivial, failures.trivial), mailhelp: summary(times.mailhelp, failures.mailhelp) };
}

async function stopBot(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

export async function slackAckRow(): Promise<SlackAckRow> {
  const fake = await new FakeSlackApi().start();
  for (let i = 0; i < 20; i++) fake.state.users.set(`U0USER${i}`, { name: `user${i}`, locale: 'en-US' });
  try {
    const { trivial, mailhelp } = await measureBoth(fake);
    const ratio = mailhelp.p99 / trivial.p99;
    // mailhelp's follow-up work really ran: every command of every burst opened its thread.
    const threads = fake.callsTo('chat.postMessage').filter((c) => c.answer.ok && !c.args.thread_ts).length;
    const ok = mailhelp.failures === 0 && threads === (ROUNDS + 1) * CONCURRENCY && mailhelp.p99 < 1000 && ratio <= 1.5;
    const fmt = (ms: number): string => `${ms.toFixed(0)} ms`.padStart(8);
    const line =
      `${`slack /mailhelp ack x${CONCURRENCY}`.padEnd(30)} ${String(ROUNDS * CONCURRENCY).padStart(4)} p50 ${fmt(mailhelp.p50)} p99 ${fmt(mailhelp.p99)}` +
      `  trivial Bolt p50 ${fmt(trivial.p50)} p99 ${fmt(trivial.p99)}  ratio ${ratio.toFixed(2)}  failures ${mailhelp.failures}  threads ${threads}` +
      `  target: p99 < 1000 ms and <= 1.5 x trivial: ${ok ? 'met' : 'NOT MET'}`;
    return { line, ok };
  } finally {
    await fake.stop();
  }
}

/** The bot processes: the trivial app, or mailhelp exactly as `mailhelp start` runs it (engine scripted). */
async function runBot(role: string): Promise<void> {
  if (role === 'trivial') {
    const app = new App({ token: process.env.SLACK_BOT_TOKEN, signingSecret: SECRET, clientOptions: { slackApiUrl: process.env.SLACK_API_URL! } });
    app.command('/mailhelp', async ({ ack }) => {
      await ack();
    });
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as import('node:http').Server;
    console.log(JSON.stringify({ msg: 'ready', port: (server.address() as import('node:net').AddressInfo).port }));
    process.on('SIGTERM', () => void app.stop().then(() => process.exit(0)));
    return;
  }
  const bot = await startSlack(slackOptionsFromEnv(process.env, { discover: async () => ACME_DISCOVERY, diagnose: async () => report() }));
  console.log(JSON.stringify({ msg: 'ready', port: bot.port }));
  process.exit(await bot.closed);
}

const role = process.env[ROLE_VARIABLE];
if (role) {
  runBot(role).catch((error: unknown) => {
    console.error(error);
    process.exit(2);
  });
} else if (require.main === module) {
  slackAckRow().then(
    (row) => {
      console.log(row.line);
      process.exit(row.ok ? 0 : 1);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(2);
    },
  );
}
