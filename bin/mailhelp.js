#!/usr/bin/env node
'use strict';
// Runs the compiled JavaScript in dist/, compiling it first when it is missing or older than
// the TypeScript sources (see build.js).
require('./build')
  .loadBuilt('app/main')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
