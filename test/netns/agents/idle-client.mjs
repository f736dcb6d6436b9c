// Test-bed client that holds one connection open and idle: connects to <host>:<port>, prints
// {"connected":<first line received>} once the server has greeted it, sends nothing more, and
// prints how the connection ended - {"closed":"error","code":"ECONNRESET"} or {"closed":"end"} -
// then exits. Used to see what an application gets when its idle connection dies in the network.
// Usage: node idle-client.mjs <host> <port>
import net from 'node:net';

const [host, portText] = process.argv.slice(2);
const socket = net.connect({ host, port: Number(portText) });
let greeted = false;
socket.setEncoding('utf8');
socket.on('data', (d) => {
  if (greeted) return;
  greeted = true;
  console.log(JSON.stringify({ connected: d.trim() }));
});
socket.on('error', (err) => {
  console.log(JSON.stringify({ closed: 'error', code: err.code ?? err.message }));
  process.exit(0);
});
socket.on('end', () => {
  console.log(JSON.stringify({ closed: 'end' }));
  process.exit(0);
});
