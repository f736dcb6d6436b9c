// Preloaded into a proxy under test (node --require): on SIGUSR2 it writes one stderr line,
// `loaded-libraries {"x509":bool}`, saying whether @peculiar/x509 has been loaded. The library
// installs the reflect-metadata polyfill before it loads (proxy/pki/x509.ts, x509-load.ts), and
// the bundled sidecar has no require cache to look in, so the polyfill's global is the witness.
process.on('SIGUSR2', () => {
  process.stderr.write(`loaded-libraries ${JSON.stringify({ x509: typeof Reflect.getMetadata === 'function' })}\n`);
});
