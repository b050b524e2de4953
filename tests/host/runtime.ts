/**
 * The host runtime's one shared object: emulated API level, app identity and directories, the
 * registry of UDP sockets this process has bound, the VPN this process has created, the running VPN
 * extension abilities it started, and the `ip rule`s that keep protected sockets out of the tunnel.
 *
 * One instance per process (kept under a well-known key so that several bundles loaded into one
 * process still share it). Everything the @kit.* host modules need from each other goes through it.
 *
 * Environment (read when used, so a test may change it between calls):
 *   HARMONYWG_API_LEVEL   emulated `deviceInfo.sdkApiVersion` (default 20)
 *   HARMONYWG_FILES_DIR   the app's files dir, shared by the UI and the :vpn process
 *                         (default /tmp/harmonywg-<uid>/files)
 *   HARMONYWG_STATE_DIR   where the runtime records VPN state (default /tmp/harmonywg-<uid>/state)
 *   HARMONYWG_ASSET_DIR   the emulated Asset Store (default: `asset` beside the files dir)
 *   HARMONYWG_REPO        the repository root (default: found upward from the working directory)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

/** The error the OpenHarmony APIs reject/throw with: `code` plus an optional `data`. */
export class BusinessError<T = void> extends Error {
  code: number;
  data?: T;
  constructor(code: number, message: string, data?: T) {
    super(message);
    this.name = 'BusinessError';
    this.code = code;
    if (data !== undefined) this.data = data;
  }
}

/**
 * Moves the emulated boot-time clock (`systemDateTime.getUptime(STARTUP)`, kits/BasicServicesKit.ts)
 * of every process started with HARMONYWG_BOOT_CLOCK_OFFSET_FILE=`file` to `offsetMs` ms ahead of
 * CLOCK_BOOTTIME (written atomically; seen by each process within 50 ms, at once after a freeze).
 * For tests that emulate a device sleep: freeze the processes, move the clock, resume them.
 */
export function setBootClockOffset(file: string, offsetMs: number): void {
  fs.writeFileSync(file + '.tmp', String(offsetMs));
  fs.renameSync(file + '.tmp', file);
}

/** Priority of the `sport <port> lookup main` rules of protected sockets (before the VPN rule). */
export const PROTECT_RULE_PRIORITY = 10000;
/** Priority of the `lookup <VPN_TABLE>` rule that sends everything else into the VPN's table. */
export const VPN_RULE_PRIORITY = 10100;
/** The routing table holding the VPN's routes (dev vpn-tun). */
export const VPN_TABLE = 7447;
/** The interface name the device uses for the VPN. */
export const TUN_NAME = 'vpn-tun';

/** A UDP socket of this process, bound to a local port. */
export class BoundSocket {
  fd: number;
  port: number;
  /** 4 or 6. */
  family: number;
  /** protect(fd) was called for it, or it was bound after protectProcessNet(). */
  protected = false;
  constructor(fd: number, port: number, family: number) { this.fd = fd; this.port = port; this.family = family; }
}

/** What the VPN created by this process needs from the runtime (see vpn.ts). */
export interface ActiveVpn {
  /** Own bundle in blockedApplications, or trustedApplications without it: every app socket bypasses. */
  bypassAll: boolean;
  /** Synchronous teardown, used at process exit. */
  teardownSync(): void;
}

/** The per-process host runtime. Use `hostRuntime()`. */
export class HostRuntime {
  readonly sockets = new Set<BoundSocket>();
  /** Ports that currently have sport rules installed. */
  private rulePorts = new Set<number>();
  /** protectProcessNet() was called: sockets bound from now on bypass the VPN. */
  processProtected = false;
  vpn: ActiveVpn | null = null;
  /** VPN extension abilities this process started (see abilities.ts), by ability name. */
  readonly abilities = new Map<string, unknown>();
  /** The running `worker.ThreadWorker`s this thread created (kits/ArkTS.ts; at most 64, as on the device). */
  readonly workers = new Set<unknown>();
  /** Bundled worker scripts of this process (kits/ArkTS.ts), by script file, target and substitutions. */
  readonly workerBundles = new Map<string, unknown>();
  private exitHook = false;
  private cachedRepo: string | null = null;
  private cachedBundle: string | null = null;

  get apiLevel(): number {
    const v = Number(process.env.HARMONYWG_API_LEVEL ?? '20');
    return Number.isInteger(v) && v > 0 ? v : 20;
  }

  /** The repository root: HARMONYWG_REPO, else the first directory upward from cwd with AppScope/app.json5. */
  get repo(): string {
    if (this.cachedRepo) return this.cachedRepo;
    if (process.env.HARMONYWG_REPO) return (this.cachedRepo = path.resolve(process.env.HARMONYWG_REPO));
    let d = process.cwd();
    for (;;) {
      if (fs.existsSync(path.join(d, 'AppScope', 'app.json5'))) return (this.cachedRepo = d);
      const up = path.dirname(d);
      if (up === d) throw new Error('host runtime: cannot find the repository (set HARMONYWG_REPO)');
      d = up;
    }
  }

  /** `require` resolving from the repository (native and tool packages stay outside the bundles). */
  requireFromRepo(id: string): any {
    return createRequire(path.join(this.repo, 'package.json'))(id);
  }

  /** The app's bundle name from AppScope/app.json5 (org.harmonywg.vpn). */
  get bundleName(): string {
    if (this.cachedBundle) return this.cachedBundle;
    const JSON5 = this.requireFromRepo('json5');
    const app = JSON5.parse(fs.readFileSync(path.join(this.repo, 'AppScope', 'app.json5'), 'utf8'));
    return (this.cachedBundle = String(app.app.bundleName));
  }

  private get baseDir(): string {
    return path.join(os.tmpdir(), `harmonywg-${process.getuid ? process.getuid() : 0}`);
  }

  get filesDir(): string {
    return path.resolve(process.env.HARMONYWG_FILES_DIR ?? path.join(this.baseDir, 'files'));
  }

  /**
   * The emulated Asset Store's directory (HARMONYWG_ASSET_DIR, default `asset` beside the files dir):
   * separate from the app's files, as the device keeps assets in the asset service's database.
   */
  get assetDir(): string {
    return path.resolve(process.env.HARMONYWG_ASSET_DIR ?? path.join(path.dirname(this.filesDir), 'asset'));
  }

  get stateDir(): string {
    const d = path.resolve(process.env.HARMONYWG_STATE_DIR ?? path.join(this.baseDir, 'state'));
    fs.mkdirSync(d, { recursive: true });
    return d;
  }

  /** Identifier of this process's network namespace (e.g. `4026532290`), for per-namespace state. */
  get netnsId(): string {
    try { return fs.readlinkSync('/proc/self/ns/net').replace(/\D/g, ''); } catch { return 'unknown'; }
  }

  /** Runs `ip ...`; throws an Error with ip's stderr on failure. */
  ip(args: string[]): string {
    try {
      return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e: any) {
      throw new Error(`ip ${args.join(' ')}: ${String(e.stderr || e.message).trim()}`);
    }
  }

  /** Like ip() but ignores failure; returns whether it succeeded. */
  ipQuiet(args: string[]): boolean {
    try { this.ip(args); return true; } catch { return false; }
  }

  registerSocket(s: BoundSocket): void {
    if (this.processProtected) s.protected = true;
    this.sockets.add(s);
    this.syncRules();
  }

  unregisterSocket(s: BoundSocket): void {
    this.sockets.delete(s);
    this.syncRules();
  }

  /** Marks the bound socket with this fd protected; false when no bound socket of this process has it. */
  protectFd(fd: number): boolean {
    for (const s of this.sockets) {
      if (s.fd === fd) { s.protected = true; this.syncRules(); return true; }
    }
    // A UDP socket the app opened itself (native code, e.g. libharmonywg_io's openUdp): found by its
    // inode in /proc/self/net/udp{,6}; it stays registered until the VPN is destroyed.
    const raw = rawUdpSocket(fd);
    if (raw === null) return false;
    raw.protected = true;
    this.sockets.add(raw);
    this.syncRules();
    return true;
  }

  setActiveVpn(v: ActiveVpn | null): void {
    this.vpn = v;
    if (v && !this.exitHook) {
      this.exitHook = true;
      process.on('exit', () => { if (this.vpn) { try { this.vpn.teardownSync(); } catch { /* exiting */ } } });
    }
    this.syncRules();
  }

  /**
   * Makes the installed sport rules match: while a VPN of this process is up, one
   * `ip -4/-6 rule add priority PROTECT_RULE_PRIORITY sport P ipproto udp lookup main` pair per
   * protected socket (every socket when bypassAll); none otherwise.
   */
  syncRules(): void {
    const want = new Set<number>();
    if (this.vpn) {
      for (const s of this.sockets) if (s.protected || this.vpn.bypassAll) want.add(s.port);
    }
    for (const p of [...this.rulePorts]) {
      if (!want.has(p)) {
        for (const fam of ['-4', '-6']) this.ipQuiet([fam, 'rule', 'del', 'priority', String(PROTECT_RULE_PRIORITY), 'sport', String(p), 'ipproto', 'udp', 'lookup', 'main']);
        this.rulePorts.delete(p);
      }
    }
    for (const p of want) {
      if (!this.rulePorts.has(p)) {
        for (const fam of ['-4', '-6']) this.ip([fam, 'rule', 'add', 'priority', String(PROTECT_RULE_PRIORITY), 'sport', String(p), 'ipproto', 'udp', 'lookup', 'main']);
        this.rulePorts.add(p);
      }
    }
  }
}

/** The bound UDP socket behind `fd` (port and family from /proc/self/net/udp and udp6), or null. */
function rawUdpSocket(fd: number): BoundSocket | null {
  let link = '';
  try { link = fs.readlinkSync(`/proc/self/fd/${fd}`); } catch { return null; }
  const m = /^socket:\[(\d+)\]$/.exec(link);
  if (!m) return null;
  for (const [file, family] of [['udp', 4], ['udp6', 6]] as [string, number][]) {
    let text = '';
    try { text = fs.readFileSync(`/proc/self/net/${file}`, 'utf8'); } catch { continue; }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length > 9 && f[9] === m[1]) return new BoundSocket(fd, parseInt(f[1].split(':')[1], 16), family);
    }
  }
  return null;
}

const KEY = Symbol.for('harmonywg.hostRuntime');

/** The process's host runtime (created on first use). */
export function hostRuntime(): HostRuntime {
  const g = globalThis as any;
  if (!g[KEY]) g[KEY] = new HostRuntime();
  return g[KEY] as HostRuntime;
}
