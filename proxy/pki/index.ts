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
  type CaPaths,
  type LeafPaths,
  type MeshMaterial,
  type MeshPaths,
  type WriteOptions,
} from './files.js';
export { createMesh, type MeshOptions } from './mesh.js';
export { parseDuration, runPkiCommand, type CliIo } from './cli.js';
