/**
 * Network-namespace lab for Node-side tests, the demo and the benchmark.
 *
 *   phone ns  `hwg-<pid>-<n>-phone`  veth `hwg<pid>p<n>` 198.18.0.1/24, fd00:4857:4700::1/64
 *   server ns `hwg-<pid>-<n>-server` veth `hwg<pid>s<n>` 198.18.0.2/24, fd00:4857:4700::2/64
 *   server WireGuard (wireguard-go, interface `wg<pid>x<n>`): 198.19.0.1/24, fd00:4857:4701::1/64,
 *     UDP 51820; its one peer (the phone) is 198.19.0.2/32, fd00:4857:4701::2/128.
 *
 * Everything created is recorded (namespace names, PIDs, temp dir) and removed by close(), and also
 * on process exit, SIGINT and SIGTERM. Processes are ended by PID only. A Node process that must own
 * a TUN device or sockets in the phone namespace is run with spawnNode() (`ip netns exec <ns> node`).
 * Requires root, iproute2, wireguard-go and wireguard-tools (`node tests/tools/setup.mjs`).
 */
import { ChildProcess, execFileSync, spawn, SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { declareSecret } from '../tools/secret-scan.mjs';

/** Content byte at offset `i` of the lab HTTP server's deterministic body. */
export function contentByte(i: number): number {
  return ((i * 31) ^ (i >>> 8) ^ (i >>> 16) ^ 0x5a) & 255;
}

/** The first `n` bytes the lab HTTP server serves for `GET /<n>`. */
export function deterministicBytes(n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = contentByte(i);
  return b;
}

/** The server's address on its loopback when the phone has uplinks (NetnsLab.addUplink). */
export const SERVER_PUBLIC_ADDR = '198.51.100.1';

/** The running WireGuard server of a lab. */
export interface WgServer {
  iface: string;
  listenPort: number;
  pid: number;
  serverPrivateKey: string;
  serverPublicKey: string;
  clientPrivateKey: string;
  clientPublicKey: string;
  presharedKey: string;
  /** Server tunnel addresses. */
  tunnelAddr4: string;
  tunnelAddr6: string;
  /** The phone's tunnel addresses (the peer's AllowedIPs). */
  clientAddr4: string;
  clientAddr6: string;
  /** `198.18.0.2:51820` — what the phone's config uses as Endpoint. */
  endpoint: string;
  /** `[fd00:4857:4700::2]:51820`. */
  endpoint6: string;
}

/** Options of NetnsLab.startWireguard. */
export interface WgOptions {
  listenPort?: number;
  /** Default true. */
  presharedKey?: boolean;
  /** PersistentKeepalive of the server's peer (s), default none. */
  keepalive?: number;
}

/** A wireguard-go on the phone side (the reference client of the benchmark), see startWireguardClient. */
export interface WgClient {
  iface: string;
  pid: number;
  /** Ends wireguard-go (by PID); its interface goes with it. */
  stop(): Promise<void>;
}

/** A running HTTP server in the server namespace. */
export interface LabHttpServer { pid: number; url: string; url6: string; stop(): Promise<void> }

const live = new Set<NetnsLab>();
let hooks = false;
let counter = 0;

function installHooks(): void {
  if (hooks) return;
  hooks = true;
  process.on('exit', () => { for (const l of [...live]) l.closeSync(); });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => { for (const l of [...live]) l.closeSync(); process.exit(sig === 'SIGINT' ? 130 : 143); });
  }
}

function run(cmd: string, args: string[], input?: string): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e: any) {
    throw new Error(`${cmd} ${args.join(' ')}: ${String(e.stderr || e.message).trim()}`);
  }
}

function sleep(ms: number): Promise<void> { return new Promise((r) => setTimeout(r, ms)); }

/** Two namespaces joined by a veth pair, plus what runs in them. Create with NetnsLab.create(). */
export class NetnsLab {
  readonly id: string;
  readonly phoneNs: string;
  readonly serverNs: string;
  readonly phoneVeth: string;
  readonly serverVeth: string;
  readonly phoneAddr4 = '198.18.0.1';
  readonly serverAddr4 = '198.18.0.2';
  readonly phoneAddr6 = 'fd00:4857:4700::1';
  readonly serverAddr6 = 'fd00:4857:4700::2';
  /** Temp dir for key files and scratch data (removed by close()). */
  readonly dir: string;
  wg: WgServer | null = null;
  private readonly pids = new Set<number>();
  private readonly children = new Set<ChildProcess>();
  private nsCreated: string[] = [];
  private closed = false;

  private constructor() {
    const n = counter++;
    this.id = `${process.pid}-${n}`;
    this.phoneNs = `hwg-${this.id}-phone`;
    this.serverNs = `hwg-${this.id}-server`;
    const short = `${process.pid % 1000000}`;
    this.phoneVeth = `hwg${short}p${n}`.slice(0, 15);
    this.serverVeth = `hwg${short}s${n}`.slice(0, 15);
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `hwg-lab-${this.id}-`));
  }

  /** Creates the namespaces, the veth pair and the underlay addresses (IPv4 and IPv6), all up. */
  static async create(): Promise<NetnsLab> {
    installHooks();
    const lab = new NetnsLab();
    live.add(lab);
    try {
      for (const ns of [lab.phoneNs, lab.serverNs]) {
        run('ip', ['netns', 'add', ns]);
        lab.nsCreated.push(ns);
        lab.exec(ns, 'ip', ['link', 'set', 'lo', 'up']);
      }
      run('ip', ['link', 'add', lab.phoneVeth, 'netns', lab.phoneNs, 'type', 'veth', 'peer', 'name', lab.serverVeth, 'netns', lab.serverNs]);
      lab.exec(lab.phoneNs, 'ip', ['addr', 'add', `${lab.phoneAddr4}/24`, 'dev', lab.phoneVeth]);
      lab.exec(lab.serverNs, 'ip', ['addr', 'add', `${lab.serverAddr4}/24`, 'dev', lab.serverVeth]);
      lab.exec(lab.phoneNs, 'ip', ['-6', 'addr', 'add', `${lab.phoneAddr6}/64`, 'dev', lab.phoneVeth, 'nodad']);
      lab.exec(lab.serverNs, 'ip', ['-6', 'addr', 'add', `${lab.serverAddr6}/64`, 'dev', lab.serverVeth, 'nodad']);
      lab.exec(lab.phoneNs, 'ip', ['link', 'set', lab.phoneVeth, 'up']);
      lab.exec(lab.serverNs, 'ip', ['link', 'set', lab.serverVeth, 'up']);
      // The phone's "internet": a default route via the server side of the veth.
      lab.exec(lab.phoneNs, 'ip', ['route', 'add', 'default', 'via', lab.serverAddr4]);
      lab.exec(lab.phoneNs, 'ip', ['-6', 'route', 'add', 'default', 'via', lab.serverAddr6]);
    } catch (e) {
      lab.closeSync();
      throw e;
    }
    return lab;
  }

  /** Runs a command in namespace `ns` and returns its stdout; throws with stderr on failure. */
  exec(ns: string, cmd: string, args: string[], input?: string): string {
    return run('ip', ['netns', 'exec', ns, cmd, ...args], input);
  }

  /** Starts a long-running command in `ns` (tracked: ended by PID at close()). */
  spawn(ns: string, cmd: string, args: string[], opts: SpawnOptions = {}): ChildProcess {
    const child = spawn('ip', ['netns', 'exec', ns, cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    if (child.pid) this.pids.add(child.pid);
    this.children.add(child);
    child.once('exit', () => { if (child.pid) this.pids.delete(child.pid); this.children.delete(child); });
    return child;
  }

  /**
   * Runs a bundled script inside `ns` to its end and returns the JSON of its `RESULT {…}` line.
   * Throws, naming `label` and with the script's output, when it prints none or the result holds `error`.
   */
  async runForResult(ns: string, script: string, args: string[], env: NodeJS.ProcessEnv, label: string): Promise<any> {
    const child = this.spawnNode(ns, script, args, env);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => { stdout += d; });
    child.stderr!.on('data', (d) => { stderr += d; });
    await new Promise<void>((r) => child.once('exit', () => r()));
    const m = /^RESULT (.*)$/m.exec(stdout);
    if (!m) throw new Error(`${label} printed no result: ${stdout} ${stderr}`);
    const res = JSON.parse(m[1]);
    if (res.error) throw new Error(`${label} failed: ${res.error}`);
    return res;
  }

  /** Runs `node [execArgv] script args` inside `ns` (e.g. a bundled app or scenario), tracked. */
  spawnNode(ns: string, script: string, args: string[] = [], env: NodeJS.ProcessEnv = {}, execArgv: string[] = ['--enable-source-maps']): ChildProcess {
    return this.spawn(ns, process.execPath, [...execArgv, script, ...args], { env: { ...process.env, ...env }, cwd: process.cwd() });
  }

  /** Generates keys, starts wireguard-go in the server namespace and configures it (see the module comment). */
  async startWireguard(opts: WgOptions = {}): Promise<WgServer> {
    if (this.wg) throw new Error('wireguard already started');
    const gen = (): string => { const k = run('wg', ['genkey']).trim(); declareSecret(k); return k; };
    const pub = (k: string): string => run('wg', ['pubkey'], k + '\n').trim();
    const serverPrivateKey = gen();
    const clientPrivateKey = gen();
    const n = this.id.split('-')[1];
    const wg: WgServer = {
      iface: `wg${process.pid % 1000000}x${n}`.slice(0, 15),
      listenPort: opts.listenPort ?? 51820,
      pid: -1,
      serverPrivateKey, serverPublicKey: pub(serverPrivateKey),
      clientPrivateKey, clientPublicKey: pub(clientPrivateKey),
      presharedKey: opts.presharedKey === false ? '' : gen(),
      tunnelAddr4: '198.19.0.1', tunnelAddr6: 'fd00:4857:4701::1',
      clientAddr4: '198.19.0.2', clientAddr6: 'fd00:4857:4701::2',
      endpoint: `${this.serverAddr4}:${opts.listenPort ?? 51820}`,
      endpoint6: `[${this.serverAddr6}]:${opts.listenPort ?? 51820}`,
    };
    this.wg = wg;
    this.wgKeepalive = opts.keepalive;
    await this.launchWireguard();
    return wg;
  }

  private wgKeepalive: number | undefined;

  private async launchWireguard(): Promise<void> {
    const wg = this.wg!;
    const sock = `/var/run/wireguard/${wg.iface}.sock`;
    const child = this.spawn(this.serverNs, 'wireguard-go', [wg.iface], {
      env: { ...process.env, WG_PROCESS_FOREGROUND: '1', LOG_LEVEL: 'error', WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD: '1' },
    });
    let errText = '';
    child.stderr?.on('data', (d) => { errText += d; });
    child.stdout?.on('data', () => { /* drain */ });
    wg.pid = child.pid ?? -1;
    const until = Date.now() + 5000;
    while (!fs.existsSync(sock) || !this.linkExists(this.serverNs, wg.iface)) {
      if (child.exitCode !== null || Date.now() > until) throw new Error(`wireguard-go did not start: ${errText.trim()}`);
      await sleep(20);
    }
    const keyFile = path.join(this.dir, 'server.key');
    const pskFile = path.join(this.dir, 'psk.key');
    fs.writeFileSync(keyFile, wg.serverPrivateKey + '\n', { mode: 0o600 });
    const args = ['set', wg.iface, 'listen-port', String(wg.listenPort), 'private-key', keyFile,
      'peer', wg.clientPublicKey, 'allowed-ips', `${wg.clientAddr4}/32,${wg.clientAddr6}/128`];
    if (wg.presharedKey) { fs.writeFileSync(pskFile, wg.presharedKey + '\n', { mode: 0o600 }); args.push('preshared-key', pskFile); }
    if (this.wgKeepalive) args.push('persistent-keepalive', String(this.wgKeepalive));
    this.exec(this.serverNs, 'wg', args);
    this.exec(this.serverNs, 'ip', ['addr', 'add', `${wg.tunnelAddr4}/24`, 'dev', wg.iface]);
    this.exec(this.serverNs, 'ip', ['-6', 'addr', 'add', `${wg.tunnelAddr6}/64`, 'dev', wg.iface, 'nodad']);
    this.exec(this.serverNs, 'ip', ['link', 'set', wg.iface, 'mtu', '1420', 'up']);
  }

  private linkExists(ns: string, name: string): boolean {
    try { this.exec(ns, 'ip', ['link', 'show', 'dev', name]); return true; } catch { return false; }
  }

  /** Kills wireguard-go (by PID) and starts it again with the same keys, port and addresses. */
  async restartWireguard(downMs = 0): Promise<void> {
    const wg = this.wg;
    if (!wg) throw new Error('wireguard not started');
    await this.killPid(wg.pid);
    if (downMs > 0) await sleep(downMs);
    await this.launchWireguard();
  }

  /**
   * Starts a second wireguard-go in the PHONE namespace as the server's peer (same client keys as
   * clientConfig(), so it and the app must not run at the same time): interface `wg<pid>c<n>`,
   * 198.19.0.2/24 and fd00:4857:4701::2/64, MTU `mtu` (1420), endpoint = the server's IPv4 endpoint,
   * AllowedIPs = the server's tunnel subnets only (the phone's default route stays on the veth).
   * Resolves once the interface is up; the caller's first packet triggers the handshake.
   */
  async startWireguardClient(mtu = 1420): Promise<WgClient> {
    const wg = this.wg;
    if (!wg) throw new Error('wireguard not started');
    const n = this.id.split('-')[1];
    const iface = `wg${process.pid % 1000000}c${n}`.slice(0, 15);
    const sock = `/var/run/wireguard/${iface}.sock`;
    const child = this.spawn(this.phoneNs, 'wireguard-go', [iface], {
      env: { ...process.env, WG_PROCESS_FOREGROUND: '1', LOG_LEVEL: 'error', WG_I_PREFER_BUGGY_USERSPACE_TO_POLISHED_KMOD: '1' },
    });
    let errText = '';
    child.stderr?.on('data', (d) => { errText += d; });
    child.stdout?.on('data', () => { /* drain */ });
    const pid = child.pid ?? -1;
    this.extraSockets.add(sock);
    const until = Date.now() + 5000;
    while (!fs.existsSync(sock) || !this.linkExists(this.phoneNs, iface)) {
      if (child.exitCode !== null || Date.now() > until) throw new Error(`wireguard-go (phone) did not start: ${errText.trim()}`);
      await sleep(20);
    }
    const keyFile = path.join(this.dir, 'client.key');
    fs.writeFileSync(keyFile, wg.clientPrivateKey + '\n', { mode: 0o600 });
    const args = ['set', iface, 'private-key', keyFile, 'peer', wg.serverPublicKey, 'endpoint', wg.endpoint,
      'allowed-ips', `${wg.tunnelAddr4}/24,${wg.tunnelAddr6}/64`];
    if (wg.presharedKey) {
      const pskFile = path.join(this.dir, 'psk.key');
      fs.writeFileSync(pskFile, wg.presharedKey + '\n', { mode: 0o600 });
      args.push('preshared-key', pskFile);
    }
    this.exec(this.phoneNs, 'wg', args);
    this.exec(this.phoneNs, 'ip', ['addr', 'add', `${wg.clientAddr4}/24`, 'dev', iface]);
    this.exec(this.phoneNs, 'ip', ['-6', 'addr', 'add', `${wg.clientAddr6}/64`, 'dev', iface, 'nodad']);
    this.exec(this.phoneNs, 'ip', ['link', 'set', iface, 'mtu', String(mtu), 'up']);
    return {
      iface, pid,
      stop: async () => { await this.killPid(pid); fs.rmSync(sock, { force: true }); this.extraSockets.delete(sock); },
    };
  }

  private readonly extraSockets = new Set<string>();

  /** /etc/netns/<phone ns>/ when usePhoneResolver() made it. */
  private resolverDir = '';
  /** usePhoneResolver() created /etc/netns itself (removed again at close when empty). */
  private madeEtcNetns = false;
  private readonly phoneHosts = new Map<string, string>();

  /**
   * Gives the phone namespace resolver files of its own, the way `ip netns exec` provides them: it
   * bind-mounts each file of /etc/netns/<ns>/ over the same name in /etc/ for the command it runs
   * (ip-netns(8)), so getaddrinfo() in the phone's processes (the host runtime's
   * connection.getAddressesByName) reads them. `hosts` holds localhost and what setPhoneHost() adds;
   * `resolv.conf` names 127.0.0.1, where nothing listens, so a name missing from `hosts` fails at
   * once instead of waiting for the machine's DNS server. Call it before spawning the processes that
   * resolve; setPhoneHost() later rewrites `hosts` in place (same inode), which they then see.
   */
  usePhoneResolver(): void {
    if (this.resolverDir !== '') return;
    const dir = `/etc/netns/${this.phoneNs}`;
    this.madeEtcNetns = !fs.existsSync('/etc/netns');
    fs.mkdirSync(dir, { recursive: true });
    this.resolverDir = dir;
    fs.writeFileSync(path.join(dir, 'resolv.conf'), 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n');
    this.writePhoneHosts();
  }

  /** Makes `name` resolve to `address` in the phone namespace (null: not at all). Needs usePhoneResolver(). */
  setPhoneHost(name: string, address: string | null): void {
    if (this.resolverDir === '') throw new Error('setPhoneHost: call usePhoneResolver() first');
    if (address === null) this.phoneHosts.delete(name); else this.phoneHosts.set(name, address);
    this.writePhoneHosts();
  }

  private writePhoneHosts(): void {
    const lines = ['127.0.0.1 localhost', '::1 localhost', ...[...this.phoneHosts].map(([n, a]) => `${a} ${n}`)];
    // writeFileSync truncates and rewrites the same file: the bind mounts keep pointing at it.
    fs.writeFileSync(path.join(this.resolverDir, 'hosts'), lines.join('\n') + '\n');
  }

  /** `wg show <iface> [what...]` in the server namespace. */
  wgShow(...what: string[]): string {
    if (!this.wg) throw new Error('wireguard not started');
    return this.exec(this.serverNs, 'wg', ['show', this.wg.iface, ...what]);
  }

  /** A wg-quick config for the phone side (the app's tunnel), full tunnel over IPv4 and IPv6. */
  clientConfig(opts: { allowedIPs?: string; keepalive?: number; dns?: string } = {}): string {
    const wg = this.wg;
    if (!wg) throw new Error('wireguard not started');
    const lines = ['[Interface]', `PrivateKey = ${wg.clientPrivateKey}`, `Address = ${wg.clientAddr4}/32, ${wg.clientAddr6}/128`];
    if (opts.dns) lines.push(`DNS = ${opts.dns}`);
    lines.push('MTU = 1420', '', '[Peer]', `PublicKey = ${wg.serverPublicKey}`);
    if (wg.presharedKey) lines.push(`PresharedKey = ${wg.presharedKey}`);
    lines.push(`AllowedIPs = ${opts.allowedIPs ?? '0.0.0.0/0, ::/0'}`, `Endpoint = ${wg.endpoint}`);
    if (opts.keepalive) lines.push(`PersistentKeepalive = ${opts.keepalive}`);
    return lines.join('\n') + '\n';
  }

  /**
   * Starts an HTTP server in the server namespace on the server's tunnel addresses (IPv4 and IPv6):
   * `GET /<n>` answers n deterministic bytes (deterministicBytes(n)); `POST /sha256` answers
   * `<byte count> <sha256 hex>` of the body it received (a verified upload); anything else 404.
   */
  async startHttpServer(port = 8080): Promise<LabHttpServer> {
    const wg = this.wg;
    if (!wg) throw new Error('wireguard not started');
    const code = `
const http = require('node:http');
const f = ${contentByte.toString()};
const handler = (req, res) => {
  if (req.method === 'POST' && req.url === '/sha256') {
    const h = require('node:crypto').createHash('sha256');
    let bytes = 0;
    req.on('data', (d) => { bytes += d.length; h.update(d); });
    req.on('end', () => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end(bytes + ' ' + h.digest('hex')); });
    return;
  }
  const n = Number((req.url || '').slice(1));
  if (!Number.isInteger(n) || n < 0) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': n });
  let i = 0;
  const pump = () => {
    while (i < n) {
      const len = Math.min(65536, n - i);
      const b = Buffer.allocUnsafe(len);
      for (let k = 0; k < len; k++) b[k] = f(i + k);
      i += len;
      if (!res.write(b)) { res.once('drain', pump); return; }
    }
    res.end();
  };
  pump();
};
let ready = 0;
for (const host of process.argv.slice(1, 3)) { // node -e: argv[1..] are the arguments
  http.createServer(handler).listen(${port}, host, () => { if (++ready === 2) console.log('ready'); });
}`;
    const child = this.spawn(this.serverNs, process.execPath, ['-e', code, wg.tunnelAddr4, wg.tunnelAddr6]);
    await new Promise<void>((resolve, reject) => {
      let err = '';
      child.stderr?.on('data', (d) => { err += d; });
      child.stdout?.on('data', (d) => { if (String(d).includes('ready')) resolve(); });
      child.once('exit', () => reject(new Error(`HTTP server did not start: ${err}`)));
    });
    const pid = child.pid ?? -1;
    return {
      pid, url: `http://${wg.tunnelAddr4}:${port}`, url6: `http://[${wg.tunnelAddr6}]:${port}`,
      stop: () => this.killPid(pid),
    };
  }

  /**
   * Gives the phone namespace a second kind of uplink for network-change tests: a veth `name` with
   * 198.18.<n>.1/24 whose server end `<name>s` has 198.18.<n>.2/24, shaped to `rateMbit` on the server
   * side (the download direction) when given. The first call also puts SERVER_PUBLIC_ADDR (a /32 on the
   * server's loopback, reachable over any uplink) in place and removes the phone's default routes
   * over the lab veth; routes over the uplinks are the caller's (`ip route replace default via
   * 198.18.<n>.2 dev <name>`).
   */
  addUplink(name: string, n: number, rateMbit = 0): void {
    if (!this.uplinks) {
      this.uplinks = true;
      this.exec(this.serverNs, 'ip', ['addr', 'add', `${SERVER_PUBLIC_ADDR}/32`, 'dev', 'lo']);
      try { this.exec(this.phoneNs, 'ip', ['route', 'del', 'default']); } catch { /* none */ }
      try { this.exec(this.phoneNs, 'ip', ['-6', 'route', 'del', 'default']); } catch { /* none */ }
    }
    this.exec(this.phoneNs, 'ip', ['link', 'add', name, 'type', 'veth', 'peer', 'name', `${name}s`, 'netns', this.serverNs]);
    this.exec(this.phoneNs, 'ip', ['addr', 'add', `198.18.${n}.1/24`, 'dev', name]);
    this.exec(this.phoneNs, 'ip', ['link', 'set', name, 'up']);
    this.exec(this.serverNs, 'ip', ['addr', 'add', `198.18.${n}.2/24`, 'dev', `${name}s`]);
    this.exec(this.serverNs, 'ip', ['link', 'set', `${name}s`, 'up']);
    if (rateMbit > 0) {
      this.exec(this.serverNs, 'tc', ['qdisc', 'add', 'dev', `${name}s`, 'root', 'tbf', 'rate', `${rateMbit}mbit`, 'burst', '64kb', 'latency', '200ms']);
    }
  }

  private uplinks = false;

  /** Sets the phone's veth down or up (the default routes come back on up). */
  setPhoneLink(up: boolean): void {
    this.exec(this.phoneNs, 'ip', ['link', 'set', this.phoneVeth, up ? 'up' : 'down']);
    if (up) {
      try { this.exec(this.phoneNs, 'ip', ['route', 'replace', 'default', 'via', this.serverAddr4]); } catch { /* DAD etc. */ }
      try { this.exec(this.phoneNs, 'ip', ['-6', 'route', 'replace', 'default', 'via', this.serverAddr6]); } catch { /* later */ }
    }
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  async killPid(pid: number, graceMs = 2000): Promise<void> {
    if (pid <= 0) return;
    const alive = (): boolean => { try { process.kill(pid, 0); return true; } catch { return false; } };
    const child = [...this.children].find((c) => c.pid === pid);
    const exited = child && child.exitCode === null && child.signalCode === null ? new Promise<void>((r) => child.once('exit', () => r())) : null;
    try { process.kill(pid, 'SIGTERM'); } catch { /* gone */ }
    const until = Date.now() + graceMs;
    while ((exited ? child!.exitCode === null && child!.signalCode === null : alive()) && Date.now() < until) await sleep(20);
    if (exited ? child!.exitCode === null && child!.signalCode === null : alive()) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
    if (exited) await exited;
    this.pids.delete(pid);
  }

  /** Ends every tracked process and every process left in the lab's namespaces, deletes them and the temp dir. */
  async close(): Promise<void> {
    for (const pid of [...this.pids]) await this.killPid(pid, 1000);
    this.closeSync();
  }

  /** Synchronous cleanup (SIGKILL), used by close() and the exit/signal hooks. */
  closeSync(): void {
    if (this.closed) return;
    this.closed = true;
    for (const pid of this.pids) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
    for (const ns of this.nsCreated) {
      try {
        const left = run('ip', ['netns', 'pids', ns]).split('\n').map((x) => Number(x)).filter((x) => x > 0);
        for (const pid of left) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
      } catch { /* ns gone */ }
    }
    if (this.wg) { try { fs.rmSync(`/var/run/wireguard/${this.wg.iface}.sock`, { force: true }); } catch { /* none */ } }
    for (const sock of this.extraSockets) { try { fs.rmSync(sock, { force: true }); } catch { /* none */ } }
    for (const ns of this.nsCreated) { try { run('ip', ['netns', 'del', ns]); } catch { /* gone */ } }
    this.nsCreated = [];
    if (this.resolverDir !== '') {
      fs.rmSync(this.resolverDir, { recursive: true, force: true });
      if (this.madeEtcNetns) { try { fs.rmdirSync('/etc/netns'); } catch { /* not empty: other labs' files */ } }
      this.resolverDir = '';
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
    live.delete(this);
  }
}
