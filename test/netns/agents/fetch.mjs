// Test-bed HTTP getter, run inside a network namespace (the test process itself cannot enter
// one): GET <url> and print {"status": n, "body": "..."} as one JSON line, or {"error": "..."}.
// Used to read proxies' and controllers' admin endpoints (/metrics, /ready) from the network.
// Usage: node fetch.mjs <url> [timeoutMs=5000]
const [url, timeoutText = '5000'] = process.argv.slice(2);
if (!url) {
  console.error('usage: fetch.mjs <url> [timeoutMs]');
  process.exit(2);
}
try {
  const res = await fetch(url, { signal: AbortSignal.timeout(Number(timeoutText)) });
  console.log(JSON.stringify({ status: res.status, body: await res.text() }));
} catch (err) {
  console.log(JSON.stringify({ error: err.cause?.code ?? err.message }));
}
