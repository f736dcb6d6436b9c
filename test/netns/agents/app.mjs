// Test-bed application, run inside a pod's network namespace: a TCP server on [::]:<port> (IPv4
// and IPv6) that greets every connection with "<name>\n" (so a client learns which pod it
// reached) and then echoes every byte back. Prints one JSON line {"listening":port} once bound,
// and one {"accepted":{"from":...}} line per connection (the test reads where connections came
// from).
// Usage: node app.mjs <name> <port>
import net from 'node:net';

const [name, portText] = process.argv.slice(2);
if (!name || !portText) {
  console.error('usage: app.mjs <name> <port>');
  process.exit(2);
}
const server = net.createServer({ allowHalfOpen: true }, (socket) => {
  // Dual-stack: an IPv4 client shows as ::ffff:a.b.c.d, reported as a.b.c.d.
  const from = (socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  console.log(JSON.stringify({ accepted: { from: `${from}:${socket.remotePort}` } }));
  socket.on('error', () => {});
  socket.write(`${name}\n`);
  socket.pipe(socket);
});
server.on('error', (err) => {
  console.error(`app ${name}: ${err.message}`);
  process.exit(1);
});
server.listen({ port: Number(portText), host: '::', ipv6Only: false }, () => console.log(JSON.stringify({ listening: Number(portText) })));
