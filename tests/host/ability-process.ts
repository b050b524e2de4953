/**
 * The `<bundle>:vpn` process side of the emulated system (forked by abilities.ts): constructs the
 * ability, sets its context (same files dir as the UI process), calls onCreate(want) when asked,
 * onDestroy() on stop, and also when the starting process goes away (the system destroys the VPN
 * when its starter dies). onDestroy gets the stop grace period (HARMONYWG_STOP_GRACE_MS, 3000 ms):
 * nobody is left to SIGKILL this process when its starter is gone, so it must not wait forever on
 * the app. Then it waits briefly for the app's own VPN teardown and exits; whatever is left (tun,
 * routes, rules) is removed by the runtime's exit hook.
 */
import fs from 'node:fs';
import { createHostContext } from './app';
import { hostRuntime } from './runtime';

/**
 * With HARMONYWG_DIAG_FILE set, the process rewrites that file every second with what a soak run
 * watches: `{"rssKb","fds","timers","handles"}` — resident memory (VmRSS), open file descriptors,
 * active Node timers (process.getActiveResourcesInfo: those that keep the process alive; this writer's
 * own unref'd interval is not among them) and the other active resources. Written whole (temporary file + rename).
 */
function startDiagnostics(file: string): void {
  const write = (): void => {
    try {
      const kinds = process.getActiveResourcesInfo();
      const timers = kinds.filter((k) => k === 'Timeout').length;
      const status = fs.readFileSync('/proc/self/status', 'utf8');
      const rss = /VmRSS:\s+(\d+)/.exec(status);
      const json = JSON.stringify({ rssKb: rss ? Number(rss[1]) : 0, fds: fs.readdirSync('/proc/self/fd').length, timers,
        handles: kinds.length - timers });
      fs.writeFileSync(`${file}.tmp`, json);
      fs.renameSync(`${file}.tmp`, file);
    } catch { /* the next beat tries again */ }
  };
  setInterval(write, 1000).unref();
  write();
}

export function runVpnAbilityProcess(AbilityClass: new () => any): void {
  process.title = process.env.HARMONYWG_PROCESS_NAME ?? 'vpn';
  if (process.env.HARMONYWG_DIAG_FILE) startDiagnostics(process.env.HARMONYWG_DIAG_FILE);
  let ability: any = null;
  let stopping = false;
  const shutdown = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    try {
      if (ability) {
        const r = ability.onDestroy();
        if (r && typeof r.then === 'function') {
          const grace = Number(process.env.HARMONYWG_STOP_GRACE_MS ?? '3000');
          let timer: NodeJS.Timeout | undefined;
          const late = new Promise<void>((resolve) => { timer = setTimeout(() => {
            process.stderr.write(`VPN ability onDestroy did not finish within ${grace} ms\n`);
            resolve();
          }, grace); });
          await Promise.race([r, late]);
          clearTimeout(timer);
        }
      }
    } catch (e) { process.stderr.write(`VPN ability onDestroy threw: ${e}\n`); }
    const until = Date.now() + 1000;
    while (hostRuntime().vpn && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    try { if (process.connected) process.send!({ type: 'destroyed' }); } catch { /* parent gone */ }
    process.exit(0);
  };
  process.on('message', (m: any) => {
    if (!m) return;
    if (m.type === 'create' && !ability) {
      let error: string | undefined;
      try {
        ability = new AbilityClass();
        ability.context = createHostContext({ abilityName: process.env.HARMONYWG_ABILITY_NAME });
        ability.onCreate(m.want);
      } catch (e: any) { error = String(e && e.stack || e); }
      process.send!({ type: 'created', error });
    } else if (m.type === 'destroy') {
      void shutdown();
    }
  });
  process.on('disconnect', () => { void shutdown(); });
  process.on('SIGTERM', () => { void shutdown(); });
}
