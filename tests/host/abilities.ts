/**
 * The system's part in starting and stopping a VPN extension ability (parent side).
 *
 * startVpnExtensionAbility(want): rejects with `undefined` for a foreign bundle or refused consent;
 * looks the ability up in module.json5 (`extensionAbilities`, type "vpn", name = want.abilityName;
 * HARMONYWG_MODULE_JSON5 overrides the file, srcEntry is relative to that file's directory), bundles
 * its srcEntry with tests/tools/bundle.mjs and forks it as a separate Node process (titled
 * `<bundle>:vpn`) that constructs the default export, gives it a context on the same files dir and
 * calls onCreate(want). Resolves once onCreate has returned.
 * The IPC channel between the two processes is the emulated system's own (it carries the Want and the
 * destroy request only); the app's two processes share nothing else but files.
 *
 * Consent (HARMONYWG_VPN_CONSENT): `allow` (default: consent given earlier), `deny` (the user cancels
 * the dialog: rejects with undefined), `ask` (the dialog is shown on the first start for this state
 * dir, the user allows; below API 22 the Want's parameters are lost on that start, as on the device).
 * HARMONYWG_STOP_GRACE_MS (default 3000): how long stop waits for onDestroy and exit before SIGKILL.
 *
 * Lifetime, as on the device, where the system starts the ability in a process of its own and the
 * network manager destroys the VPN when the process that started the ability, or the one that
 * created the VPN, dies:
 *  - the ability process is not in the starter's process group or session (`detached`), so a
 *    terminal's signals (Ctrl-C, hangup) reach only the starter;
 *  - when the starter dies by any means, the IPC channel closes and the ability process runs
 *    onDestroy (bounded by the grace period) and exits; its exit hook destroys what is left;
 *  - when the ability process dies without destroying its VPN (SIGKILL), the starter's runtime
 *    destroys it: tun, routes, rules and the state file (vpn.ts destroyVpnLeftBy).
 */
import { ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bundleHostCode } from './bundling';
import { BusinessError, hostRuntime } from './runtime';
import { destroyVpnLeftBy } from './vpn';

interface RunningAbility { child: ChildProcess; exited: Promise<void> }

function moduleJson5Path(): string {
  const rt = hostRuntime();
  return path.resolve(process.env.HARMONYWG_MODULE_JSON5 ?? path.join(rt.repo, 'entry', 'src', 'main', 'module.json5'));
}

function findVpnAbility(abilityName: string | undefined): { name: string; srcEntry: string } {
  const file = moduleJson5Path();
  const JSON5 = hostRuntime().requireFromRepo('json5');
  const m = JSON5.parse(fs.readFileSync(file, 'utf8'));
  const list: any[] = (m.module && m.module.extensionAbilities) || [];
  const e = list.find((x) => x.type === 'vpn' && x.name === abilityName);
  if (!e) throw new BusinessError(16000001, `The specified ability does not exist: ${abilityName} (${file})`);
  return { name: e.name, srcEntry: path.resolve(path.dirname(file), e.srcEntry) };
}

async function bundleAbility(srcEntry: string, name: string): Promise<string> {
  const rt = hostRuntime();
  const dir = path.join(rt.stateDir, 'abilities');
  fs.mkdirSync(dir, { recursive: true });
  const out = path.join(dir, `${name}-${process.pid}-${Date.now()}.mjs`);
  const runner = path.join(rt.repo, 'tests', 'host', 'ability-process.ts');
  const contents = `import Ability from ${JSON.stringify(srcEntry)};\nimport { runVpnAbilityProcess } from ${JSON.stringify(runner)};\nrunVpnAbilityProcess(Ability);\n`;
  // HARMONYWG_CRYPTO=node: the VPN process runs with the node:crypto provider (benchmarks); default portable.
  return bundleHostCode({ contents, resolveDir: path.dirname(srcEntry) }, out);
}

function consentGivenFile(): string { return path.join(hostRuntime().stateDir, `consent-${hostRuntime().bundleName}`); }

export async function startVpnExtensionAbility(want: any): Promise<void> {
  const rt = hostRuntime();
  if (!want || typeof want !== 'object' || want.bundleName !== rt.bundleName) return Promise.reject(undefined);
  const consent = (process.env.HARMONYWG_VPN_CONSENT ?? 'allow').toLowerCase();
  if (consent === 'deny') return Promise.reject(undefined);
  let sent = JSON.parse(JSON.stringify(want));
  if (consent === 'ask' && !fs.existsSync(consentGivenFile())) {
    fs.writeFileSync(consentGivenFile(), new Date().toISOString());
    if (rt.apiLevel < 22) delete sent.parameters;
  }
  const ab = findVpnAbility(want.abilityName);
  if (rt.abilities.has(ab.name)) return; // already running: the system does not create it again
  const file = await bundleAbility(ab.srcEntry, ab.name);
  const child = fork(file, [], {
    env: { ...process.env, HARMONYWG_FILES_DIR: rt.filesDir, HARMONYWG_ASSET_DIR: rt.assetDir, HARMONYWG_STATE_DIR: rt.stateDir, HARMONYWG_REPO: rt.repo,
      HARMONYWG_PROCESS_NAME: `${rt.bundleName}:vpn`, HARMONYWG_ABILITY_NAME: ab.name },
    // HARMONYWG_VPN_NODE_ARGS: extra Node flags for the VPN process (e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`, profiling).
    execArgv: ['--enable-source-maps', ...(process.env.HARMONYWG_VPN_NODE_ARGS ?? '').split(' ').filter((x) => x !== '')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    detached: true,
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => {
    rt.abilities.delete(ab.name);
    fs.rmSync(file, { force: true });
    if (child.pid !== undefined) destroyVpnLeftBy(child.pid);
    resolve();
  }));
  rt.abilities.set(ab.name, { child, exited } as RunningAbility);
  await new Promise<void>((resolve, reject) => {
    const onMsg = (m: any) => {
      if (!m || m.type !== 'created') return;
      child.off('message', onMsg);
      if (m.error) reject(new BusinessError(16000050, `Internal error: onCreate threw: ${m.error}`)); else resolve();
    };
    child.on('message', onMsg);
    exited.then(() => reject(new BusinessError(16000050, 'Internal error: the VPN ability process ended during onCreate')));
    child.send({ type: 'create', want: sent });
  });
}

export async function stopVpnExtensionAbility(want: any): Promise<void> {
  const rt = hostRuntime();
  if (!want || typeof want !== 'object' || want.bundleName !== rt.bundleName) return Promise.reject(undefined);
  const running = rt.abilities.get(want.abilityName) as RunningAbility | undefined;
  if (!running) return;
  const grace = Number(process.env.HARMONYWG_STOP_GRACE_MS ?? '3000');
  try { running.child.send({ type: 'destroy' }); } catch { /* already gone */ }
  const timer = setTimeout(() => { try { running.child.kill('SIGKILL'); } catch { /* gone */ } }, grace);
  await running.exited;
  clearTimeout(timer);
}

/** PIDs of the VPN ability processes this process started (for tests and tools). */
export function runningAbilityPids(): number[] {
  return [...hostRuntime().abilities.values()].map((r: any) => r.child.pid as number);
}
