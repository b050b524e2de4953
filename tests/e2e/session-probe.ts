/**
 * Runs one TunnelSession (the VPN ability's work) in this process, in a lab's phone namespace, to
 * press Stop while the start is still resolving the peer's endpoint. The namespace's resolver is
 * 127.0.0.1 (NetnsLab.usePhoneResolver); this process binds 127.0.0.1:53 and never answers, so the
 * lookup hangs for the resolver's timeout and then fails.
 * Usage: node session-probe.mjs CONF STOP_AFTER_MS. Prints one JSON line per step:
 *   {"step":"stopped",...status}  after stop() resolved;
 *   {"step":"final",...status,"tun":bool}  after start() resolved (the lookup failed meanwhile).
 */
import dgram from 'node:dgram';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createHostContext } from '../host/app';
import { hostRuntime } from '../host/runtime';
import { TunnelSession } from '../../entry/src/main/ets/tunnel/TunnelSession';
import { SystemClock } from '../../entry/src/main/ets/tunnel/Clock';
import { TunnelStore } from '../../entry/src/main/ets/store/TunnelStore';
import { AssetSecretStore } from '../../entry/src/main/ets/store/SecretStore';
import { StatusFile } from '../../entry/src/main/ets/store/StatusFile';

const [conf, stopAfter] = process.argv.slice(2);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const silent = dgram.createSocket('udp4');
await new Promise<void>((resolve) => silent.bind(53, '127.0.0.1', () => resolve()));
silent.on('message', () => { /* never answer */ });

const ctx = createHostContext();
new TunnelStore(ctx.filesDir, new AssetSecretStore()).save('t', fs.readFileSync(conf, 'utf8'));
const session = new TunnelSession(ctx as any, new SystemClock());
const status = (): Record<string, unknown> => JSON.parse(new StatusFile(ctx.filesDir).read()!.toJson());
const tun = (): boolean => execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).includes('vpn-tun');

const started = session.start({ bundleName: hostRuntime().bundleName, abilityName: 'HarmonyWgVpnAbility', parameters: { tunnelName: 't', requestId: 'r1' } });
await sleep(Number(stopAfter));
await session.stop();
process.stdout.write(JSON.stringify({ step: 'stopped', ...status() }) + '\n');
await started;
process.stdout.write(JSON.stringify({ step: 'final', ...status(), tun: tun() }) + '\n');
silent.close();
process.exit(0);
