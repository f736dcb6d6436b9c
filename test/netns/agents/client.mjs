// Test-bed client, run inside a pod's network namespace as an ordinary (intercepted) process:
// opens <count> connections one after another (<intervalMs> apart) to <host>:<port>, sends
// <payload> on each, and reads until the server's greeting line and the echoed payload are back
// (or the peer closes, or <timeoutMs> passes). Prints one JSON array, one entry per connection:
//   {"pod": "<greeting>" | null, "echoed": bool, "closed": bool, "error": string | null}
// A connection the mesh refuses shows as pod null with closed true (or an error).
// Usage: node client.mjs <host> <port> <payload> [count=1] [timeoutMs=8000] [intervalMs=0]
import net from 'node:net';

const [host, portText, payload, countText = '1', timeoutText = '8000', intervalText = '0'] = process.argv.slice(2);
if (!host || !portText || payload === undefined) {
  console.error('usage: client.mjs <host> <port> <payload> [count] [timeoutMs]');
  process.exit(2);
}

function once() {
  return new Promise((resolve) => {
    let data = '';
    let settled = false;
    const socket = net.connect({ host, port: Number(portText) });
    const finish = (extra) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const nl = data.indexOf('\n');
      const pod = nl >= 0 ? data.slice(0, nl) : null;
      const echoed = nl >= 0 && data.slice(nl + 1) === payload;
      resolve({ pod, echoed, closed: false, error: null, ...extra });
    };
    const timer = setTimeout(() => finish({ error: 'timeout' }), Number(timeoutText));
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(payload));
    socket.on('data', (chunk) => {
      data += chunk;
      const nl = data.indexOf('\n');
      if (nl >= 0 && data.length - nl - 1 >= payload.length) finish({});
    });
    socket.on('end', () => finish({ closed: true }));
    socket.on('close', () => finish({ closed: true }));
    socket.on('error', (err) => finish({ error: err.code ?? err.message }));
  });
}

const results = [];
for (let i = 0; i < Number(countText); i++) {
  if (i > 0 && Number(intervalText) > 0) await new Promise((r) => setTimeout(r, Number(intervalText)));
  results.push(await once());
}
console.log(JSON.stringify(results));
