#!/usr/bin/env node
'use strict';
// `npm run discord:register`, from the compiled build like the bot itself.
require('./build')
  .loadBuilt('adapters/discord/commands/register-cli')
  .runRegister(process.env, process.stdout, process.stderr)
  .then((code) => {
    process.exitCode = code;
  });
