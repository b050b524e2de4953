/**
 * Helper process of tests/e2e/key-wipe.test.ts: one TunnelSession run in this process (as the VPN
 * process runs it), then a report of the key buffers it held. Run in the lab's phone namespace.
 *   node session-keys.mjs MODE TUNNEL_FILE
 * MODE: `connected` (wait for the handshake, then Stop), `tun-error` (connected, then the tun fails, then
 * Stop), `unresolved` / `no-address` (the start fails before / after the socket), `key-missing` (the
 * keystore lost the key). Prints one JSON line: { state, problem, detail, buffers, nonZeroBefore, nonZeroAfter }.
 */
import fs from 'node:fs';
import { createHostContext } from '../host/app';
import { BUNDLE_NAME, VPN_ABILITY_NAME, WANT_PARAM_TUNNEL } from '../../entry/src/main/ets/common/Constants';
import { TunnelState } from '../../entry/src/main/ets/model/TunnelStatus';
import { AssetSecretStore } from '../../entry/src/main/ets/store/SecretStore';
import { StatusFile } from '../../entry/src/main/ets/store/StatusFile';
import { TunnelStore } from '../../entry/src/main/ets/store/TunnelStore';
import { SystemClock } from '../../entry/src/main/ets/tunnel/Clock';
import { TunnelSession } from '../../entry/src/main/ets/tunnel/TunnelSession';
import { hostRuntime } from '../host/runtime';

const nonZero = (bufs: Uint8Array[]): number => bufs.filter((b) => b.some((x) => x !== 0)).length;

async function main(): Promise<void> {
  const [mode, file] = process.argv.slice(2);
  const ctx = createHostContext();
  new TunnelStore(ctx.filesDir, new AssetSecretStore()).save('lab', fs.readFileSync(file, 'utf8'));
  if (mode === 'key-missing') fs.rmSync(hostRuntime().assetDir, { recursive: true, force: true });
  const session = new TunnelSession(ctx as any, new SystemClock());
  const status = new StatusFile(ctx.filesDir);
  await session.start({ bundleName: BUNDLE_NAME, abilityName: VPN_ABILITY_NAME, parameters: { [WANT_PARAM_TUNNEL]: 'lab' } } as any);
  let held = session.secretBuffersForTesting();
  let nonZeroBefore = nonZero(held);
  if (mode === 'connected' || mode === 'tun-error') {
    const until = Date.now() + 25000;
    while (status.read()?.state !== TunnelState.CONNECTED && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    held = session.secretBuffersForTesting(); // now with the session's keypair
    nonZeroBefore = nonZero(held);
    if (mode === 'tun-error') session.onTunError(new Error('tun read failed (test)'));
  } else {
    // A failed start has already torn down: what it held was wiped then.
  }
  const reached = status.read();
  await session.stop();
  process.stdout.write(JSON.stringify({ state: reached?.state, problem: reached?.problem, detail: reached?.detail,
    buffers: held.length, nonZeroBefore, nonZeroAfter: nonZero(held) }) + '\n');
  process.exit(0);
}

main().catch((e) => { process.stderr.write(`session-keys: ${e && e.message || e}\n`); process.exit(1); });
