// Preloaded into `mailhelp diagnose` by run-scenarios.ts (node --require): every TCP connection
// the process opens leaves from MHLAB_SOURCE4 / MHLAB_SOURCE6 (the runner worker's own lab
// address), so Dovecot's `rip=` and Postfix's `connect from [...]` log lines name the scenario
// that opened them even while several run at once. It only picks the source address, as a
// second network card would; what the bot connects to and how is unchanged.
'use strict';
const net = require('node:net');

const sources = { 4: process.env.MHLAB_SOURCE4, 6: process.env.MHLAB_SOURCE6 };
const connect = net.Socket.prototype.connect;

net.Socket.prototype.connect = function (...args) {
  // net.connect() hands over its normalized [options, callback]; direct calls pass options or (port, host).
  const normalized = Array.isArray(args[0]) ? args[0] : undefined;
  let options = normalized ? normalized[0] : args[0];
  if (typeof options !== 'object' || options === null) {
    options = { port: args[0], host: typeof args[1] === 'string' ? args[1] : 'localhost' };
    args = [options, ...args.slice(typeof args[1] === 'string' ? 2 : 1)];
  }
  const source = sources[net.isIP(options.host ?? '')];
  if (source && !options.localAddress && !options.path) options.localAddress = source;
  return connect.apply(this, args);
};
