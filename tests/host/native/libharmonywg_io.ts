/**
 * Host stand-in for `import io from 'libharmonywg_io.so'` (tests/tools/bundle.mjs maps `lib*.so`
 * imports here): the same entry/src/main/cpp/packet_io.c, built for Node by node-gyp
 * (tests/tools/setup.mjs → entry/src/main/cpp/build/Release/harmonywg_io.node).
 *
 * Like the device when a native module cannot be loaded, the default export is `undefined` when
 *  - HARMONYWG_DATA_PATH=polling (forces the ArkTS poll-loop fallback; read here only), or
 *  - the built object is missing or fails to load (a warning names the file and the reason).
 * HARMONYWG_NATIVE_UDP=off hides openUdp (as a module without the UDP functions): the tun stays
 * native, the UDP socket is @ohos.net.socket's (for A/B measurements).
 * HARMONYWG_NATIVE_IO_START=fail loads the module but makes start() throw as pthread_create would
 * without resources (code '11', EAGAIN): the session must then fall back to polling.
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { hostRuntime } from '../runtime';

/** Where setup's node-gyp build puts the module, relative to the repository. */
export const NATIVE_IO_BUILD = path.join('entry', 'src', 'main', 'cpp', 'build', 'Release', 'harmonywg_io.node');

function load(): any {
  if (process.env.HARMONYWG_DATA_PATH === 'polling') return undefined;
  const file = path.join(hostRuntime().repo, NATIVE_IO_BUILD);
  if (!fs.existsSync(file)) {
    console.warn(`host runtime: ${NATIVE_IO_BUILD} is not built (node tests/tools/setup.mjs); libharmonywg_io.so is unavailable`);
    return undefined;
  }
  try {
    return createRequire(file)(file);
  } catch (e: any) {
    console.warn(`host runtime: cannot load ${NATIVE_IO_BUILD}: ${e?.message ?? e}`);
    return undefined;
  }
}

/** A copy of the module's exports (its functions are not enumerable) without `omit`, with `extra`. */
function variant(m: any, omit: string, extra: Record<string, unknown>): any {
  const out: Record<string, unknown> = {};
  for (const k of Object.getOwnPropertyNames(m)) if (k !== omit) out[k] = m[k];
  return Object.assign(out, extra);
}

function withTestHooks(m: any): any {
  if (m === undefined) return m;
  if (process.env.HARMONYWG_NATIVE_UDP === 'off') m = variant(m, 'openUdp', {});
  if (process.env.HARMONYWG_NATIVE_IO_START === 'fail') {
    m = variant(m, '', { start: (): never => { throw Object.assign(new Error('pthread_create: Resource temporarily unavailable'), { code: '11' }); } });
  }
  return m;
}

const io = withTestHooks(load());
export default io;
