// pbjs module wrapper (scripts/gen-proto.mjs): a default import of protobufjs/minimal.js, which gets
// module.exports in Node's ESM loader, esbuild and vitest alike (pbjs' own es6 wrapper does not).
import $protobuf from $DEPENDENCY;

$OUTPUT;

export { $root as default };
