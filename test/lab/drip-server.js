#!/usr/bin/env node
// The lab's dripping server (drip.lab.test): what a tarpit, an overloaded box or a hostile host
// does to a client, which no Debian mail server does by configuration. Started by setup.sh in
// the servers' namespace; `node drip-server.js ADDRESS`.
//   143  IMAP: the greeting arrives one byte every 300 ms (it would take 18 s)
//   587  SMTP: the greeting at once, then the EHLO reply one "250-" line every 400 ms, never ending
//   110  POP3: "+OK " and then one endless line, 64 KiB every 20 ms (a flood, no newline)
// Plain Node (no build, no packages): the lab runs it before anything else is compiled.
'use strict';
const net = require('node:net');

const address = process.argv[2];
if (!address) {
  console.error('usage: drip-server.js ADDRESS');
  process.exit(2);
}

/** Writes `text` one byte at a time, `ms` apart, until the client goes. */
function dripBytes(socket, text, ms) {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed) return clearInterval(timer);
    socket.write(text[i % text.length]);
    i++;
  }, ms);
  socket.on('close', () => clearInterval(timer));
}

const behaviours = {
  143: (socket) => dripBytes(socket, '* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] Drip lab server ready.\r\n', 300),
  587: (socket) => {
    socket.write('220 drip.lab.test ESMTP\r\n');
    let started = false;
    socket.on('data', (chunk) => {
      if (started || !/^(EHLO|HELO)/i.test(chunk.toString())) return;
      started = true;
      socket.write('250-drip.lab.test\r\n');
      let n = 0;
      const timer = setInterval(() => (socket.destroyed ? clearInterval(timer) : socket.write(`250-X-DRIP-${n++}\r\n`)), 400);
      socket.on('close', () => clearInterval(timer));
    });
  },
  110: (socket) => {
    socket.write('+OK ');
    const block = Buffer.alloc(64 * 1024, 'A');
    const timer = setInterval(() => (socket.destroyed ? clearInterval(timer) : socket.write(block)), 20);
    socket.on('close', () => clearInterval(timer));
  },
};

for (const [port, behaviour] of Object.entries(behaviours)) {
  net
    .createServer((socket) => {
      socket.on('error', () => {});
      console.log(`${new Date().toISOString()} drip-server: connect from ${socket.remoteAddress} to ${address}:${port}`);
      behaviour(socket);
    })
    .listen(Number(port), address);
}
