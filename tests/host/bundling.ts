/**
 * How the host runtime bundles app code it starts itself (a VPN ability's srcEntry, a worker's
 * script): tests/tools/bundle.mjs (the `@kit.*` host kits, `entry/<file>` target source sets,
 * `lib*.so` native modules) plus the build-time substitutions the host applies to every such bundle.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { hostRuntime } from './runtime';

/**
 * Build-time substitutions (regular expression on an import path → repo file) for app code the host
 * runs: with HARMONYWG_CRYPTO=node, entry/src/main/ets/tunnel/CryptoChoice.ets becomes
 * tests/host/crypto/NodeCryptoChoice.ts (the node:crypto provider, benchmarks; default portable);
 * with HARMONYWG_SEAL_WORKER=always or eager, tunnel/SealingChoice.ets becomes
 * tests/host/SealingChoiceHost.ts (the sealing worker from Start, or after any load; default: only
 * while the engine thread is the limit).
 */
export function hostBuildAliases(): Record<string, string> {
  const aliases: Record<string, string> = {};
  if (process.env.HARMONYWG_CRYPTO === 'node') {
    aliases['[\\/]tunnel[\\/]CryptoChoice(\\.ets)?$'] = 'tests/host/crypto/NodeCryptoChoice.ts';
  }
  if (process.env.HARMONYWG_SEAL_WORKER === 'always' || process.env.HARMONYWG_SEAL_WORKER === 'eager') {
    aliases['[\\/]tunnel[\\/]SealingChoice(\\.ets)?$'] = 'tests/host/SealingChoiceHost.ts';
  }
  return aliases;
}

/** Bundles being built by this process now (host code: one counter per process). */
const bundlesInFlight = { n: 0 };

/**
 * Bundles `entry` (a file, or { contents, resolveDir }) to `outfile` (an ES module for Node) with
 * tests/tools/bundle.mjs and hostBuildAliases(); resolves to `outfile`.
 */
export async function bundleHostCode(entry: string | { contents: string; resolveDir: string }, outfile: string): Promise<string> {
  const tool = pathToFileURL(path.join(hostRuntime().repo, 'tests', 'tools', 'bundle.mjs')).href;
  const mod = await import(/* external */ tool);
  bundlesInFlight.n++;
  try {
    await mod.bundle(entry, outfile, hostBuildAliases());
  } finally {
    // esbuild's service would ping its child process every second for the life of this process; it
    // is ended once no bundle of this process is being built (stop() fails builds still running).
    if (--bundlesInFlight.n === 0) await mod.stopBundler();
  }
  return outfile;
}
