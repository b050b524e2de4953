/**
 * esbuild bundling of `.ets`/`.ts` sources for Node: `.ets` is loaded as TypeScript, `@kit.*` imports
 * resolve to the host runtime (tests/host/kits/<Kit>.ts), the ohpm package `@ohos/axios` to
 * tests/host/ohpm/axios.ts (npm axios), `entry/<file>` to the target source set (entry/src/default,
 * the public build, unless HWG_TARGET names another, e.g. `system`), `lib<name>.so` native modules to
 * tests/host/native/lib<name>.ts (which loads the node-gyp build), and Node packages stay external.
 */
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** esbuild plugin: `@kit.NetworkKit` → tests/host/kits/NetworkKit.ts, with a clear error when absent. */
export function kitPlugin(aliases = {}) {
  return {
    name: 'ohos-kits',
    setup(build) {
      build.onResolve({ filter: /^@kit\./ }, (args) => {
        const file = path.join(repo, 'tests', 'host', 'kits', args.path.slice('@kit.'.length) + '.ts');
        if (!fs.existsSync(file)) return { errors: [{ text: `the host runtime has no ${args.path} (expected ${path.relative(repo, file)})` }] };
        return { path: file };
      });
      build.onResolve({ filter: /^lib[A-Za-z0-9_]+\.so$/ }, (args) => {
        const file = path.join(repo, 'tests', 'host', 'native', args.path.slice(0, -'.so'.length) + '.ts');
        if (!fs.existsSync(file)) return { errors: [{ text: `the host runtime has no native module ${args.path} (expected ${path.relative(repo, file)})` }] };
        return { path: file };
      });
      // ohpm packages that are not on npm: the host's implementation (tests/host/ohpm/<name>.ts)
      build.onResolve({ filter: /^@ohos\/axios$/ }, () => ({ path: path.join(repo, 'tests', 'host', 'ohpm', 'axios.ts') }));
      build.onResolve({ filter: /^entry\// }, (args) => {
        const target = process.env.HWG_TARGET || 'default';
        const file = path.join(repo, 'entry', 'src', target, args.path.slice('entry/'.length) + '.ets');
        if (!fs.existsSync(file)) return { errors: [{ text: `target ${target} has no ${args.path} (expected ${path.relative(repo, file)})` }] };
        return { path: file };
      });
      build.onResolve({ filter: /^@ohos\.[a-zA-Z.]+$/ }, (args) => ({ errors: [{ text: `import ${args.path} through its @kit.* module instead` }] }));
      for (const [from, to] of Object.entries(aliases)) {
        const re = new RegExp(from);
        build.onResolve({ filter: /.*/ }, (args) => {
          if (!args.path.startsWith('.') && !re.test(args.path)) return undefined;
          const resolved = path.resolve(args.resolveDir, args.path);
          if (!re.test(resolved) && !re.test(args.path)) return undefined;
          return { path: path.resolve(repo, to) };
        });
      }
    },
  };
}

/**
 * Bundles `entry` (a file path or { contents, resolveDir }) to `outfile` as an ES module for Node.
 * `aliases` maps a regular expression on an import path to a repo file (build-time substitution).
 */
export async function bundle(entry, outfile, aliases = {}) {
  const common = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    sourcemap: 'inline',
    loader: { '.ets': 'ts' },
    resolveExtensions: ['.ets', '.ts', '.mjs', '.js', '.json'],
    external: ['ioctl', 'esbuild', 'ohos-typescript'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    plugins: [kitPlugin(aliases)],
    logLevel: 'silent',
    tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } },
  };
  if (typeof entry === 'string') await esbuild.build({ ...common, entryPoints: [entry] });
  else await esbuild.build({ ...common, stdin: { contents: entry.contents, resolveDir: entry.resolveDir, loader: 'ts', sourcefile: 'entry.ts' } });
  return outfile;
}

/**
 * Ends esbuild's service process. esbuild keeps one child process alive after a build and pings it
 * every second; a host process that bundled something itself (the VPN process bundling a worker's
 * script) would otherwise wake once a second for that alone (it doubled the VPN process's idle
 * wake-ups). The next bundle() starts a new service.
 */
export async function stopBundler() {
  await esbuild.stop();
}
