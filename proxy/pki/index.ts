// Public surface of podwire's PKI tooling: certificate creation, on-disk layout, and the CLI.
export {
  createIssuer,
  createLeaf,
  createTrustAnchor,
  PkiError,
  type CaOptions,
  type CertKeyPair,
  type LeafBundle,
  type LeafOptions,
} from './certs.js';
export {
  leafDirName,
  readCaFiles,
  writeCaFiles,
  writeLeafFiles,
  writeMeshFiles,
  writePemFile,
  writeTokenFile,
  writeTokensFile,
  type CaPaths,
  type LeafPaths,
  type MeshMaterial,
  type MeshPaths,
  type WriteOptions,
} from './files.js';
export { createMesh, type MeshOptions } from './mesh.js';
export { crossSignIssuer, type CrossSignOptions } from './cross-sign.js';
export { buildTrustBundle, type BundleInput, type TrustBundle } from './bundle.js';
export { chainToAnchor, parseCertificates, type ChainVerdict } from './chains.js';
export { createTokens, linkerdIdentityParts, parseWorkload, tokensFileText, type WorkloadToken } from './tokens.js';
export { identitySnippet, type IdentitySnippetInput } from './snippet.js';
export { parseDuration, runPkiCommand, type CliIo } from './cli.js';
