/**
 * The host VpnConnection: validates a VpnConfig like the device's VPN service, opens the real TUN
 * device `vpn-tun` (O_RDWR|O_NONBLOCK, IFF_TUN|IFF_NO_PI) and routes through a dedicated table.
 *
 * Full tunnel without a routing loop (see tests/host/README.md):
 *   - the VPN's routes go to table VPN_TABLE (dev vpn-tun; excluded routes as `throw`);
 *   - `ip rule priority VPN_RULE_PRIORITY lookup VPN_TABLE` (IPv4 and/or IPv6) sends everything there;
 *     what the table does not match falls through to `main`;
 *   - protected sockets get `ip rule priority PROTECT_RULE_PRIORITY sport <port> ipproto udp lookup main`
 *     (HostRuntime.syncRules): protect(fd), protectProcessNet() (API >= 22), and the own bundle in
 *     blockedApplications (or trustedApplications without it).
 * DNS servers and search domains are recorded in `<stateDir>/vpn-<netns id>.json` (with the rest of
 * the applied config); nothing edits /etc/resolv.conf.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  BusinessError, hostRuntime, ActiveVpn, HostRuntime, PROTECT_RULE_PRIORITY, TUN_NAME, VPN_RULE_PRIORITY, VPN_TABLE,
} from './runtime';
import { equalIp, formatIp, maskIp, parseIp } from './ipaddr';

const TUNSETIFF = 0x400454ca;
const IFF_TUN = 0x0001;
const IFF_NO_PI = 0x1000;

/** Route count limit of the device's VPN service at an API level (64 on 5.0.x, 2000 on 5.1–6.0, 10000 later). */
export function routeLimit(apiLevel: number): number {
  if (apiLevel <= 13) return 64;
  if (apiLevel <= 20) return 2000;
  return 10000;
}

function bad(msg: string): BusinessError { return new BusinessError(401, `Parameter error: ${msg}`); }

/** One interface address or route destination after validation. */
interface Prefix { bytes: Uint8Array; prefix: number; v6: boolean }

function checkLinkAddress(la: any, what: string, allowZeroPrefix: boolean): Prefix {
  if (!la || typeof la !== 'object' || !la.address || typeof la.address !== 'object') throw bad(`${what}: LinkAddress expected`);
  const text = la.address.address;
  const bytes = parseIp(text);
  if (!bytes) throw bad(`${what}: invalid address '${text}'`);
  const v6 = bytes.length === 16;
  const fam = la.address.family;
  if (fam !== undefined && fam !== (v6 ? 2 : 1)) throw bad(`${what}: family ${fam} does not match '${text}'`);
  const max = v6 ? 128 : 32;
  const p = la.prefixLength;
  if (!Number.isInteger(p) || p > max || p < (allowZeroPrefix ? 0 : 1)) throw bad(`${what}: prefix length ${p} out of range`);
  return { bytes, prefix: p, v6 };
}

function checkStrings(v: any, what: string, max: number, ip: boolean): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.length > max) throw bad(`${what}: at most ${max} strings`);
  for (const s of v) {
    if (typeof s !== 'string' || (ip && !parseIp(s))) throw bad(`${what}: invalid entry '${s}'`);
  }
  return v;
}

/** The config after validation, in the form applied to the kernel. */
interface Applied {
  addresses: Prefix[];
  routes: { dest: string; v6: boolean; excluded: boolean }[];
  mtu: number;
  dns: string[];
  searchDomains: string[];
  v4: boolean;
  v6: boolean;
  bypassAll: boolean;
}

/** Validates `config` as the device's VPN service does; throws BusinessError 401. */
export function validateConfig(config: any, rt: HostRuntime): Applied {
  if (!config || typeof config !== 'object') throw bad('config must be a VpnConfig');
  if (!Array.isArray(config.addresses) || config.addresses.length === 0) throw bad('addresses must be a non-empty array');
  const addresses: Prefix[] = config.addresses.map((a: any, i: number) => checkLinkAddress(a, `addresses[${i}]`, false));
  for (const a of addresses) {
    if (!a.v6 && a.prefix <= 30) {
      if (equalIp(a.bytes, maskIp(a.bytes, a.prefix)) || equalIp(a.bytes, maskIp(a.bytes, a.prefix, true))) {
        throw bad(`address ${formatIp(a.bytes)}/${a.prefix} is the network or broadcast address of its prefix`);
      }
    }
  }
  const v4 = config.isIPv4Accepted !== false;
  const v6 = config.isIPv6Accepted === true;
  const routesIn = config.routes === undefined ? [] : config.routes;
  if (!Array.isArray(routesIn)) throw bad('routes must be an array');
  const limit = routeLimit(rt.apiLevel);
  if (routesIn.length > limit) throw bad(`${routesIn.length} routes: at most ${limit} at API ${rt.apiLevel}`);
  const routes: Applied['routes'] = [];
  routesIn.forEach((r: any, i: number) => {
    if (!r || typeof r !== 'object') throw bad(`routes[${i}]: RouteInfo expected`);
    const d = checkLinkAddress(r.destination, `routes[${i}].destination`, true);
    routes.push({ dest: `${formatIp(maskIp(d.bytes, d.prefix))}/${d.prefix}`, v6: d.v6, excluded: r.isExcludedRoute === true && rt.apiLevel >= 20 });
  });
  if (routes.length === 0) {
    if (v4) routes.push({ dest: '0.0.0.0/0', v6: false, excluded: false });
    if (v6) routes.push({ dest: '::/0', v6: true, excluded: false });
  }
  let mtu = 1500;
  if (config.mtu !== undefined) {
    if (!Number.isInteger(config.mtu) || config.mtu < 576 || config.mtu > 1500) throw bad(`mtu ${config.mtu} outside 576..1500`);
    mtu = config.mtu;
  }
  const dns = checkStrings(config.dnsAddresses, 'dnsAddresses', 64, true);
  const searchDomains = checkStrings(config.searchDomains, 'searchDomains', 64, false);
  const trusted = checkStrings(config.trustedApplications, 'trustedApplications', 64, false);
  const blocked = checkStrings(config.blockedApplications, 'blockedApplications', 64, false);
  if (trusted.length > 0 && blocked.length > 0) throw bad('trustedApplications and blockedApplications are mutually exclusive');
  const own = rt.bundleName;
  const bypassAll = blocked.includes(own) || (trusted.length > 0 && !trusted.includes(own));
  return { addresses, routes, mtu, dns, searchDomains, v4, v6, bypassAll };
}

/** Removes whatever a VPN of this runtime may have left in this namespace (a killed process). */
function purgeStale(rt: HostRuntime): void {
  for (const fam of ['-4', '-6']) {
    for (const prio of [PROTECT_RULE_PRIORITY, VPN_RULE_PRIORITY]) {
      for (let i = 0; i < 1000 && rt.ipQuiet([fam, 'rule', 'del', 'priority', String(prio)]); i++) { /* until none */ }
    }
    rt.ipQuiet([fam, 'route', 'flush', 'table', String(VPN_TABLE)]);
  }
}

/**
 * The network manager's part when the process that created a VPN died without destroying it
 * (SIGKILL): if this namespace's VPN state file names `pid` and that process is gone, removes the
 * tun, the VPN's table and rules (also the protected sockets' rules) and the state file. Called by
 * the starter's runtime when its ability process exits. Never throws.
 */
export function destroyVpnLeftBy(pid: number): void {
  const rt = hostRuntime();
  try {
    const file = path.join(rt.stateDir, `vpn-${rt.netnsId}.json`);
    if (!fs.existsSync(file)) return;
    const st = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (st.pid !== pid) return;
    try { process.kill(pid, 0); return; } catch { /* gone: clean up after it */ }
    purgeStale(rt);
    rt.ipQuiet(['link', 'del', 'dev', TUN_NAME]);
    fs.rmSync(file, { force: true });
  } catch { /* unreadable state: the next create() purges */ }
}

/** A VPN connection of the host runtime (see the module comment). */
export class HostVpnConnection {
  private fd = -1;
  /** Identity of the tun's open file, to close only our fd even if the app closed it and the number was reused. */
  private fdIno = -1;
  private applied: Applied | null = null;
  private stateFile = '';
  private readonly rt = hostRuntime();

  async create(config: any): Promise<number> {
    const rt = this.rt;
    const a = validateConfig(config, rt);
    if (this.fd >= 0 || rt.vpn || rt.ipQuiet(['link', 'show', 'dev', TUN_NAME])) {
      throw new BusinessError(2203002, 'VPN already exists');
    }
    purgeStale(rt);
    const ioctl = rt.requireFromRepo('ioctl');
    let fd = -1;
    try {
      fd = fs.openSync('/dev/net/tun', fs.constants.O_RDWR | fs.constants.O_NONBLOCK);
      const ifr = Buffer.alloc(40);
      ifr.write(TUN_NAME, 0, 'ascii');
      ifr.writeUInt16LE(IFF_TUN | IFF_NO_PI, 16);
      ioctl(fd, TUNSETIFF, ifr);
    } catch (e: any) {
      if (fd >= 0) fs.closeSync(fd);
      throw new BusinessError(2200003, `System internal error: cannot open the tun device: ${e.message}`);
    }
    this.fd = fd;
    this.fdIno = fs.fstatSync(fd).ino;
    this.applied = a;
    try {
      for (const ad of a.addresses) {
        const extra = ad.v6 ? ['nodad'] : [];
        rt.ip([ad.v6 ? '-6' : '-4', 'addr', 'add', `${formatIp(ad.bytes)}/${ad.prefix}`, 'dev', TUN_NAME, ...extra]);
      }
      rt.ip(['link', 'set', 'dev', TUN_NAME, 'mtu', String(a.mtu), 'up']);
      const fams = new Set<boolean>();
      for (const r of a.routes) {
        if (r.v6 ? !a.v6 : !a.v4) continue;
        fams.add(r.v6);
        const fam = r.v6 ? '-6' : '-4';
        if (r.excluded) rt.ip([fam, 'route', 'replace', 'throw', r.dest, 'table', String(VPN_TABLE)]);
        else rt.ip([fam, 'route', 'replace', r.dest, 'dev', TUN_NAME, 'table', String(VPN_TABLE)]);
      }
      for (const v6 of fams) rt.ip([v6 ? '-6' : '-4', 'rule', 'add', 'priority', String(VPN_RULE_PRIORITY), 'lookup', String(VPN_TABLE)]);
      this.stateFile = path.join(rt.stateDir, `vpn-${rt.netnsId}.json`);
      fs.writeFileSync(this.stateFile, JSON.stringify({
        pid: process.pid, interface: TUN_NAME, table: VPN_TABLE, mtu: a.mtu,
        addresses: a.addresses.map((x) => `${formatIp(x.bytes)}/${x.prefix}`), routes: a.routes,
        dnsAddresses: a.dns, searchDomains: a.searchDomains, bypassAll: a.bypassAll,
      }, null, 2));
      const active: ActiveVpn = { bypassAll: a.bypassAll, teardownSync: () => this.teardown() };
      rt.setActiveVpn(active);
    } catch (e: any) {
      this.teardown();
      throw new BusinessError(2200003, `System internal error: ${e.message}`);
    }
    return fd;
  }

  /** Removes rules, routes, the device and the state file; closes the fd. Idempotent. */
  private teardown(): void {
    const rt = this.rt;
    if (this.fd < 0 && !this.applied) return;
    rt.setActiveVpn(null);
    for (const fam of ['-4', '-6']) {
      for (let i = 0; i < 4 && rt.ipQuiet([fam, 'rule', 'del', 'priority', String(VPN_RULE_PRIORITY), 'lookup', String(VPN_TABLE)]); i++) { /* all */ }
      rt.ipQuiet([fam, 'route', 'flush', 'table', String(VPN_TABLE)]);
    }
    if (this.fd >= 0) {
      try { if (fs.fstatSync(this.fd).ino === this.fdIno) fs.closeSync(this.fd); } catch { /* already closed by the app */ }
      this.fd = -1;
      rt.ipQuiet(['link', 'del', 'dev', TUN_NAME]);
    }
    if (this.stateFile) { fs.rmSync(this.stateFile, { force: true }); this.stateFile = ''; }
    this.applied = null;
  }

  async protect(socketFd: number): Promise<void> {
    if (!Number.isInteger(socketFd)) throw new BusinessError(401, 'Parameter error: socketFd');
    if (!this.rt.protectFd(socketFd)) throw new BusinessError(2203004, 'Invalid socket file descriptor');
  }

  async destroy(): Promise<void> {
    this.teardown();
  }

  async protectProcessNet(): Promise<void> {
    if (this.rt.apiLevel < 22) throw new BusinessError(801, 'Capability not supported (protectProcessNet is API 22)');
    this.rt.processProtected = true;
  }
}
