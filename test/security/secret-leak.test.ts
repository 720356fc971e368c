import { consoleProcessDriver } from './support/console-driver';
import { discordDriver } from './support/discord-driver';
import { runnerFormDriver, runnerPageDriver } from './support/runner-driver';
import { secretLeakSuite } from './support/secret-suite';
import { slackDriver } from './support/slack-driver';
import { redisServerInstalled } from '../support/redis-server';

/**
 * Issue 6, "secrets": one known password through every way into the bot, and nowhere after.
 * Each platform has a driver (a SecretDriver, see ./support/secret-suite): the runner with its
 * form and its one-time page, the console as a child process, Slack (the real Bolt against the
 * fake Web API, both transports) and Discord (the real discord.js against the fake REST and
 * gateway), each with the login modal.
 */
for (const driver of [runnerFormDriver, runnerPageDriver, consoleProcessDriver, slackDriver('http'), slackDriver('socket'), discordDriver]) secretLeakSuite(driver);

// The same through a real redis-server, whose every key and append-only file are scanned
// (.ci/run installs redis-server; a machine without it skips this one, and CI fails instead).
if (redisServerInstalled() || process.env.CI) secretLeakSuite(slackDriver('http', 'redis'));
