/**
 * The default network of the process's network namespace, for `connection.createNetConnection()` /
 * `getDefaultNet` / `hasDefaultNet` / `getNetCapabilities` / `getConnectionProperties` of the host
 * `@kit.NetworkKit`. A "network" is an interface; the default one is the device of the main table's
 * default route with the lowest metric (IPv4 first, then IPv6; routes marked linkdown do not count);
 * its netId is the interface index; its bearer is told by its name (`wifi`/`wlan` → Wi-Fi,
 * `cell`/`rmnet` → cellular, else Ethernet). Changes are watched with `ip -o monitor link address
 * route` (netlink; one child per registered NetConnection, under `sh` that ends it when its stdin —
 * our pipe — closes: at unregister, at exit, or when this process is killed) and turned into the device's events: netLost(old) and netAvailable(new) +
 * netCapabilitiesChange + netConnectionPropertiesChange when the default network changes,
 * netConnectionPropertiesChange when its addresses change; register() itself reports the current one
 * as available.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';

export interface HostNet { netId: number; ifname: string; addresses: { address: string; family: number; prefixLength: number }[] }

function ipJson(args: string[]): any[] {
  try {
    const out = execFileSync('ip', ['-j', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return out.trim() === '' ? [] : JSON.parse(out);
  } catch { return []; }
}

/** The default network now, or null when there is none. */
export function currentDefaultNet(): HostNet | null {
  for (const fam of ['-4', '-6']) {
    const routes = ipJson([fam, 'route', 'show', 'default', 'table', 'main'])
      .filter((r) => typeof r.dev === 'string' && !(Array.isArray(r.flags) && r.flags.includes('linkdown')))
      .sort((a, b) => (a.metric ?? 0) - (b.metric ?? 0));
    if (routes.length === 0) continue;
    const ifname: string = routes[0].dev;
    const link = ipJson(['addr', 'show', 'dev', ifname])[0];
    if (link === undefined) continue;
    const addresses = (link.addr_info ?? [])
      .filter((a: any) => a.scope === 'global')
      .map((a: any) => ({ address: a.local as string, family: a.family === 'inet6' ? 2 : 1, prefixLength: a.prefixlen as number }));
    return { netId: link.ifindex as number, ifname, addresses };
  }
  return null;
}

/** Bearer type number (connection.NetBearType) of an interface name. */
export function bearerOf(ifname: string): number {
  if (/wifi|wlan/.test(ifname)) return 1;
  if (/cell|rmnet/.test(ifname)) return 0;
  return 3;
}

/** Callbacks of one registered NetConnection. */
export interface NetEvents {
  available(net: HostNet): void;
  lost(net: HostNet): void;
  capabilities(net: HostNet): void;
  properties(net: HostNet): void;
}

const live = new Set<NetWatcher>();
let exitHook = false;

/** Watches the namespace (one `ip monitor` child) and reports changes of the default network. */
export class NetWatcher {
  private child: ChildProcess | null = null;
  private last: HostNet | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly events: NetEvents;

  constructor(events: NetEvents) { this.events = events; }

  start(): void {
    if (!exitHook) {
      exitHook = true;
      process.on('exit', () => { for (const w of live) w.stop(); });
    }
    live.add(this);
    // Under sh with our pipe as its stdin: when this process dies (even by SIGKILL) the pipe closes,
    // `read` returns and sh ends the monitor, so no `ip monitor` outlives its VPN process.
    const child = spawn('sh', ['-c', 'ip -o monitor link address route & m=$!; read _; kill $m'], { stdio: ['pipe', 'pipe', 'ignore'] });
    this.child = child;
    child.stdout?.on('data', () => this.schedule());
    // Events are delivered asynchronously, as on the device.
    this.last = null;
    this.schedule();
  }

  stop(): void {
    live.delete(this);
    if (this.timer !== null) { clearTimeout(this.timer); this.timer = null; }
    const child = this.child;
    this.child = null;
    if (child !== null) child.stdin?.end(); // sh ends the monitor, then itself
  }

  /** Netlink messages come in bursts: look once they settle (10 ms). */
  private schedule(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.timer = null; this.check(); }, 10);
  }

  private check(): void {
    if (this.child === null) return;
    const now = currentDefaultNet();
    const prev = this.last;
    this.last = now;
    if (prev !== null && (now === null || now.netId !== prev.netId)) this.events.lost(prev);
    if (now !== null && (prev === null || now.netId !== prev.netId)) {
      this.events.available(now);
      this.events.capabilities(now);
      this.events.properties(now);
    } else if (now !== null && prev !== null && JSON.stringify(now.addresses) !== JSON.stringify(prev.addresses)) {
      this.events.properties(now);
    }
  }
}
