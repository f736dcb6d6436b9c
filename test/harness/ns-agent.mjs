#!/usr/bin/env node
// A tiny application for tests inside network namespaces (run with `ip netns exec NS node ...`),
// where the test process itself can't open sockets. Plain JavaScript so it needs no build.
//
//   serve HOST PORT NAME       accept connections; reply "NAME <client ip>\n", then echo
//   dial HOST PORT MESSAGE [--uid N] [--timeout MS]
//                              connect (as uid N, so iptables treats it as the app, not the
//                              proxy), send MESSAGE, half-close, print one JSON line
//                              {ok, reply} or {ok:false, error} and exit 0
import net from 'node:net';

const [mode, host, portText, third, ...rest] = process.argv.slice(2);
const port = Number(portText);

if (mode === 'serve') {
  const server = net.createServer({ allowHalfOpen: true }, (s) => {
    s.on('error', () => {});
    s.write(`${third} ${(s.remoteAddress ?? "").replace(/^::ffff:/, "")}\n`);
    s.pipe(s);
  });
  server.listen({ host, port, ipv6Only: false }, () => process.stdout.write(`listening ${host} ${port}\n`));
} else if (mode === 'dial') {
  const opt = (name, dflt) => {
    const i = rest.indexOf(name);
    return i >= 0 ? Number(rest[i + 1]) : dflt;
  };
  const uid = opt('--uid', undefined);
  if (uid !== undefined) {
    process.setgid(uid);
    process.setuid(uid);
  }
  const chunks = [];
  const done = (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  };
  const timer = setTimeout(() => done({ ok: false, error: 'timeout', reply: Buffer.concat(chunks).toString() }), opt('--timeout', 5000));
  const s = net.connect({ host, port, allowHalfOpen: true }, () => s.end(third));
  s.on('data', (c) => chunks.push(c));
  s.on('error', (err) => { clearTimeout(timer); done({ ok: false, error: err.code ?? err.message, reply: Buffer.concat(chunks).toString() }); });
  s.on('end', () => { clearTimeout(timer); done({ ok: true, reply: Buffer.concat(chunks).toString() }); });
} else {
  process.stderr.write('usage: ns-agent.mjs serve HOST PORT NAME | dial HOST PORT MESSAGE [--uid N] [--timeout MS]\n');
  process.exit(2);
}
