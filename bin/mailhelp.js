#!/usr/bin/env node
'use strict';
// Runs the TypeScript sources directly (tsx), so a fresh clone works after `npm install`
// with no build step.
require('tsx/cjs');
require('../src/cli/main.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
