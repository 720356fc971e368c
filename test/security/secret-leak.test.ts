import { consoleProcessDriver } from './support/console-driver';
import { runnerFormDriver, runnerPageDriver } from './support/runner-driver';
import { secretLeakSuite } from './support/secret-suite';

/**
 * Issue 6, "secrets": one known password through every way into the bot, and nowhere after.
 * Slack and Discord add their drivers here (a SecretDriver each, see ./support/secret-suite).
 */
for (const driver of [runnerFormDriver, runnerPageDriver, consoleProcessDriver]) secretLeakSuite(driver);
