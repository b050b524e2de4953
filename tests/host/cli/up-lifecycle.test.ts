// hypium-timeout: 60000
/**
 * Issue 10 item 6: the host runtime destroys the VPN when the process that started it dies, as the
 * device's network manager does. `npm run cli -- up CONF` runs in a lab's phone namespace against
 * wireguard-go until Connected; then it is ended one way or another — its npm wrapper terminated
 * (SIGTERM, which npm forwards) or killed (SIGKILL: the CLI is orphaned), Ctrl-C in its terminal (SIGINT to the whole process group), SIGTERM,
 * SIGHUP, a signal it does not handle (SIGUSR2), SIGKILL — and afterwards the phone namespace must
 * hold no process, no vpn-tun link, no route in the VPN's table and no rule the tunnel added.
 * Limit: the runtime's stop grace (3 s) + 5 s; the measured time is printed.
 */
import { describe, it, expect } from '@ohos/hypium';
import { ChildProcess, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { NetnsLab } from '../../e2e/netns';
import { childProcs, phoneRules } from '../../e2e/scenario';

const repo = process.cwd();
const CLEAN_LIMIT_MS = 3000 + 5000;

function sleep(ms: number): Promise<void> { return new Promise((r) => setTimeout(r, ms)); }

/** Every descendant of `pid` (depth first). */
function descendants(pid: number): { pid: number; comm: string; cmdline: string }[] {
  const out: { pid: number; comm: string; cmdline: string }[] = [];
  for (const c of childProcs(pid)) { out.push(c); out.push(...descendants(c.pid)); }
  return out;
}

/**
 * What the tunnel left in the phone namespace: processes (other than those in `allowed`), the tun,
 * routes in the VPN's table, rules that were not there before.
 */
function leftovers(lab: NetnsLab, rulesBefore: string, allowed: Set<number>): string[] {
  const left: string[] = [];
  const pids = execFileSync('ip', ['netns', 'pids', lab.phoneNs], { encoding: 'utf8' }).split('\n')
    .map((x) => Number(x)).filter((x) => x > 0 && !allowed.has(x));
  if (pids.length > 0) {
    left.push(`processes ${pids.map((p) => { try { return `${p} ${fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').join(' ').trim()}`; } catch { return `${p}`; } }).join(', ')}`);
  }
  if (lab.exec(lab.phoneNs, 'ip', ['-o', 'link', 'show']).includes('vpn-tun')) left.push('link vpn-tun');
  for (const fam of ['-4', '-6']) {
    const routes = lab.exec(lab.phoneNs, 'ip', [fam, 'route', 'show', 'table', '7447']).trim();
    if (routes !== '') left.push(`routes in table 7447 (${fam}): ${routes}`);
  }
  const rules = phoneRules(lab);
  if (rules !== rulesBefore) left.push(`rules:\n${rules}`);
  return left;
}

/**
 * Runs `npm run cli -- up` in the phone namespace (its own process group, as a shell's job) until
 * Connected; `end` receives the npm wrapper, the CLI's node process and the VPN ability's PIDs and
 * ends it somehow. Then waits (bounded) for the namespace to be clean and prints the ms it took.
 * `cliMayStay`: the npm wrapper, the CLI and its esbuild service may still run (only the VPN ended).
 */
async function upThenEnd(end: (p: { wrapper: number; cli: number; vpn: number }) => void, label: string,
  cliMayStay = false): Promise<void> {
  // The CLI runs `npm ci` first when node_modules is older than the lock; inside the lab (no
  // network, killed at close) that would break node_modules, so bring it up to date out here.
  const setup = await import(/* external */ path.join(repo, 'tests/tools/setup.mjs'));
  setup.ensureNpmPackages((l: string) => process.stdout.write(`      ${l}\n`), ['ignore', 'ignore', 'inherit']);
  const lab = await NetnsLab.create();
  try {
    await lab.startWireguard();
    const rulesBefore = phoneRules(lab);
    const conf = path.join(lab.dir, 'lab.conf');
    fs.writeFileSync(conf, lab.clientConfig());
    const child: ChildProcess = lab.spawn(lab.phoneNs, 'npm', ['run', '--silent', 'cli', '--', 'up', conf], {
      cwd: repo,
      detached: true,
      env: { ...process.env, HARMONYWG_FILES_DIR: path.join(lab.dir, 'files'), HARMONYWG_STATE_DIR: path.join(lab.dir, 'state') },
    });
    let out = '';
    child.stdout!.on('data', (d) => { out += d; });
    child.stderr!.on('data', (d) => { out += d; });
    const until = Date.now() + 20000;
    while (!/state: Connected/.test(out)) {
      if (Date.now() > until || child.exitCode !== null) throw new Error(`up did not connect:\n${out}`);
      await sleep(50);
    }
    const tree = descendants(child.pid!);
    const cli = tree.find((p) => p.comm === 'node' && p.cmdline.includes('cli.mjs'));
    const vpn = tree.find((p) => p.cmdline.includes(':vpn'));
    if (!cli || !vpn) throw new Error(`no CLI or VPN process under the npm wrapper: ${JSON.stringify(tree)}`);
    expect(lab.exec(lab.phoneNs, 'ip', ['-o', 'link', 'show']).includes('vpn-tun')).assertTrue();
    const allowed = new Set<number>(cliMayStay ? [child.pid!, ...tree.filter((p) => p.pid !== vpn.pid).map((p) => p.pid)] : []);
    const t0 = performance.now();
    end({ wrapper: child.pid!, cli: cli.pid, vpn: vpn.pid });
    let left = leftovers(lab, rulesBefore, allowed);
    while (left.length > 0 && performance.now() - t0 < CLEAN_LIMIT_MS) {
      await sleep(50);
      left = leftovers(lab, rulesBefore, allowed);
    }
    const ms = performance.now() - t0;
    if (left.length > 0) throw new Error(`${label}: after ${CLEAN_LIMIT_MS} ms the phone namespace still has ${left.join('; ')}\n--- output ---\n${out}`);
    process.stdout.write(`      ${label}: namespace clean ${ms.toFixed(0)} ms after (limit ${CLEAN_LIMIT_MS})\n`);
  } finally {
    await lab.close();
  }
}

export default function cliUpLifecycleTest(): void {
  describe('CliUpLifecycle', () => {
    it('the host runtime destroys the VPN when the process that started it dies: kill <npm pid> (its wrapper terminated)', 0, async () => {
      await upThenEnd((p) => process.kill(p.wrapper, 'SIGTERM'), 'kill <npm pid>');
    });

    it('the host runtime destroys the VPN when the process that started it dies: kill -9 <npm pid> (the CLI is orphaned)', 0, async () => {
      await upThenEnd((p) => process.kill(p.wrapper, 'SIGKILL'), 'kill -9 <npm pid>');
    });

    it('the host runtime destroys the VPN when the process that started it dies: Ctrl-C (SIGINT to the process group)', 0, async () => {
      await upThenEnd((p) => process.kill(-p.wrapper, 'SIGINT'), 'SIGINT to the process group');
    });

    it('the host runtime destroys the VPN when the process that started it dies: SIGTERM, SIGHUP and SIGUSR2 to the CLI', 0, async () => {
      for (const sig of ['SIGTERM', 'SIGHUP', 'SIGUSR2'] as const) {
        await upThenEnd((p) => process.kill(p.cli, sig), `${sig} to the CLI`);
      }
    });

    it('the host runtime destroys the VPN when the process that started it dies: SIGKILL to the CLI', 0, async () => {
      await upThenEnd((p) => process.kill(p.cli, 'SIGKILL'), 'SIGKILL to the CLI');
    });

    it('the host runtime destroys the VPN when the process that created it dies: SIGKILL to the VPN ability process', 0, async () => {
      await upThenEnd((p) => process.kill(p.vpn, 'SIGKILL'), 'SIGKILL to the VPN process', true);
    });
  });
}
