/**
 * Host implementation of `@kit.NetworkKit`: connection (getAddressesByName), socket (UDPSocket over
 * node:dgram, registered with the host runtime), vpnExtension (see tests/host/vpn.ts and
 * tests/host/abilities.ts) and the VpnExtensionAbility base class.
 */
import dgram from 'node:dgram';
import dns from 'node:dns';
import { BusinessError, BoundSocket, hostRuntime } from '../runtime';
import { HostVpnConnection } from '../vpn';
import { HostNet, NetWatcher, bearerOf, currentDefaultNet } from '../netmonitor';
import { startVpnExtensionAbility as startAbility, stopVpnExtensionAbility as stopAbility } from '../abilities';

export namespace connection {
  export interface NetAddress { address: string; family?: number; port?: number }
  export interface LinkAddress { address: NetAddress; prefixLength: number }
  export interface RouteInfo {
    interface: string; destination: LinkAddress; gateway: NetAddress; hasGateway: boolean; isDefaultRoute: boolean; isExcludedRoute?: boolean;
  }
  /** Resolves with the system resolver; rejects 401 on a bad host, 2100003 when resolution fails. */
  export async function getAddressesByName(host: string): Promise<NetAddress[]> {
    if (typeof host !== 'string' || host.length === 0) throw new BusinessError(401, 'Parameter error: host');
    try {
      const all = await dns.promises.lookup(host, { all: true });
      return all.map((a) => ({ address: a.address, family: a.family === 6 ? 2 : 1, port: 0 }));
    } catch (e: any) {
      throw new BusinessError(2100003, `System internal error: ${e.code || e.message}`);
    }
  }

  export interface NetHandle { netId: number }
  export enum NetBearType { BEARER_CELLULAR = 0, BEARER_WIFI = 1, BEARER_ETHERNET = 3, BEARER_VPN = 4 }
  export interface NetCapabilities { bearerTypes: NetBearType[] }
  export interface NetCapabilityInfo { netHandle: NetHandle; netCap: NetCapabilities }
  export interface ConnectionProperties { interfaceName: string; linkAddresses: LinkAddress[] }
  export interface NetConnectionPropertyInfo { netHandle: NetHandle; connectionProperties: ConnectionProperties }

  function handleOf(n: HostNet): NetHandle { return { netId: n.netId }; }
  function capsOf(n: HostNet): NetCapabilities { return { bearerTypes: [bearerOf(n.ifname)] }; }
  function propsOf(n: HostNet): ConnectionProperties {
    return { interfaceName: n.ifname, linkAddresses: n.addresses.map((a) => ({ address: { address: a.address, family: a.family, port: 0 }, prefixLength: a.prefixLength })) };
  }
  function netById(h: NetHandle): HostNet {
    if (h === null || typeof h !== 'object' || typeof h.netId !== 'number') throw new BusinessError(401, 'Parameter error: netHandle');
    const n = currentDefaultNet();
    if (n === null || n.netId !== h.netId) throw new BusinessError(2100001, 'Invalid parameter value: no such network');
    return n;
  }

  /** Whether the namespace has a default route (see tests/host/netmonitor.ts). */
  export async function hasDefaultNet(): Promise<boolean> { return currentDefaultNet() !== null; }
  /** The default network; netId 0 when there is none. */
  export async function getDefaultNet(): Promise<NetHandle> {
    const n = currentDefaultNet();
    return { netId: n === null ? 0 : n.netId };
  }
  /** Capabilities of the default network (another netId: 2100001). */
  export async function getNetCapabilities(h: NetHandle): Promise<NetCapabilities> { return capsOf(netById(h)); }
  /** Link properties of the default network (another netId: 2100001). */
  export async function getConnectionProperties(h: NetHandle): Promise<ConnectionProperties> { return propsOf(netById(h)); }

  type Ev = 'netAvailable' | 'netLost' | 'netCapabilitiesChange' | 'netConnectionPropertiesChange';

  /** Watches the default network of the namespace (tests/host/netmonitor.ts). */
  export class NetConnection {
    private readonly cbs = new Map<Ev, ((v: any) => void)[]>();
    private watcher: NetWatcher | null = null;

    on(type: Ev, callback: (v: any) => void): void {
      const list = this.cbs.get(type) ?? [];
      list.push(callback);
      this.cbs.set(type, list);
    }

    private emit(type: Ev, v: unknown): void {
      for (const cb of this.cbs.get(type) ?? []) cb(v);
    }

    register(callback: (err: BusinessError | undefined) => void): void {
      if (this.watcher !== null) { setImmediate(() => callback(new BusinessError(2101008, 'The callback already exists'))); return; }
      this.watcher = new NetWatcher({
        available: (n) => this.emit('netAvailable', handleOf(n)),
        lost: (n) => this.emit('netLost', handleOf(n)),
        capabilities: (n) => this.emit('netCapabilitiesChange', { netHandle: handleOf(n), netCap: capsOf(n) }),
        properties: (n) => this.emit('netConnectionPropertiesChange', { netHandle: handleOf(n), connectionProperties: propsOf(n) }),
      });
      this.watcher.start();
      setImmediate(() => callback(undefined));
    }

    unregister(callback: (err: BusinessError | undefined) => void): void {
      const w = this.watcher;
      this.watcher = null;
      if (w === null) { setImmediate(() => callback(new BusinessError(2101007, 'The callback does not exist'))); return; }
      w.stop();
      setImmediate(() => callback(undefined));
    }
  }

  /** A watcher of the default network. */
  export function createNetConnection(): NetConnection { return new NetConnection(); }
}

function stateHandleFd(s: dgram.Socket): number {
  const sym = Object.getOwnPropertySymbols(s).find((x) => x.description === 'state symbol');
  const st = sym ? (s as any)[sym] : undefined;
  return st && st.handle && typeof st.handle.fd === 'number' ? st.handle.fd : -1;
}

function sockError(e: any): BusinessError {
  const errno = typeof e?.errno === 'number' ? Math.abs(e.errno) : 0;
  return new BusinessError(errno ? 2301000 + errno : 2300002, `${e?.code ?? 'Socket error'}: ${e?.message ?? e}`);
}

export namespace socket {
  export type NetAddress = connection.NetAddress;
  export interface SocketRemoteInfo { address: string; family: 'IPv4' | 'IPv6'; port: number; size: number }
  export interface SocketMessageInfo { message: ArrayBuffer; remoteInfo: SocketRemoteInfo }
  export interface UDPSendOptions { data: string | ArrayBuffer; address: NetAddress }

  /**
   * A UDP socket over node:dgram. The dgram socket is created at bind() (or the first send()), with the
   * family of the bind address (family 2 or an IPv6 text → udp6). Bound sockets are registered with
   * the host runtime so protect(fd) / protectProcessNet / blockedApplications can exempt their port.
   */
  export class UDPSocket {
    private sock: dgram.Socket | null = null;
    private bound: BoundSocket | null = null;
    private msgCbs: ((m: SocketMessageInfo) => void)[] = [];
    private errCbs: ((e: BusinessError) => void)[] = [];

    private open(v6: boolean): dgram.Socket {
      if (this.sock) return this.sock;
      const s = dgram.createSocket({ type: v6 ? 'udp6' : 'udp4' });
      s.on('message', (msg, rinfo) => {
        const ab = msg.buffer.slice(msg.byteOffset, msg.byteOffset + msg.byteLength) as ArrayBuffer;
        const info: SocketMessageInfo = {
          message: ab,
          remoteInfo: { address: rinfo.address, family: rinfo.family === 'IPv6' ? 'IPv6' : 'IPv4', port: rinfo.port, size: rinfo.size },
        };
        for (const cb of [...this.msgCbs]) cb(info);
      });
      s.on('error', (e) => { const be = sockError(e); for (const cb of [...this.errCbs]) cb(be); });
      s.on('listening', () => {
        const a = s.address();
        this.bound = new BoundSocket(stateHandleFd(s), a.port, v6 ? 6 : 4);
        hostRuntime().registerSocket(this.bound);
      });
      this.sock = s;
      return s;
    }

    async bind(address: NetAddress): Promise<void> {
      if (!address || typeof address.address !== 'string') throw new BusinessError(401, 'Parameter error: address');
      const v6 = address.family === 2 || address.address.includes(':');
      if (this.sock) throw new BusinessError(2301022, 'Invalid argument: already bound');
      const s = this.open(v6);
      await new Promise<void>((resolve, reject) => {
        const onErr = (e: any) => reject(sockError(e));
        s.once('error', onErr);
        s.bind({ address: address.address, port: address.port ?? 0 }, () => { s.off('error', onErr); resolve(); });
      });
    }

    async send(options: UDPSendOptions): Promise<void> {
      if (!options || !options.address || typeof options.address.address !== 'string') throw new BusinessError(401, 'Parameter error: options');
      const data = typeof options.data === 'string' ? Buffer.from(options.data, 'utf8') : Buffer.from(options.data as ArrayBuffer);
      const s = this.open(options.address.family === 2 || options.address.address.includes(':'));
      await new Promise<void>((resolve, reject) => {
        s.send(data, options.address.port ?? 0, options.address.address, (e) => (e ? reject(sockError(e)) : resolve()));
      });
    }

    async close(): Promise<void> {
      const s = this.sock;
      if (this.bound) { hostRuntime().unregisterSocket(this.bound); this.bound = null; }
      if (!s) return;
      await new Promise<void>((resolve) => { try { s.close(() => resolve()); } catch { resolve(); } });
    }

    async getLocalAddress(): Promise<NetAddress> {
      if (!this.sock || !this.bound) throw new BusinessError(2300002, 'System internal error: socket not bound');
      const a = this.sock.address();
      return { address: a.address, family: a.family === 'IPv6' ? 2 : 1, port: a.port };
    }

    /** API >= 23 only; below, rejects with 801 (the method does not exist on those devices). */
    async getSocketFd(): Promise<number> {
      if (hostRuntime().apiLevel < 23) throw new BusinessError(801, 'Capability not supported (UDPSocket.getSocketFd is API 23)');
      if (!this.bound || this.bound.fd < 0) throw new BusinessError(2300002, 'System internal error: socket not bound');
      return this.bound.fd;
    }

    on(type: string, callback: (x: any) => void): void {
      if (type === 'message') this.msgCbs.push(callback);
      else if (type === 'error') this.errCbs.push(callback);
    }

    off(type: string, callback?: (x: any) => void): void {
      const drop = (list: ((x: any) => void)[]) => (callback ? list.filter((c) => c !== callback) : []);
      if (type === 'message') this.msgCbs = drop(this.msgCbs);
      else if (type === 'error') this.errCbs = drop(this.errCbs) as ((e: BusinessError) => void)[];
    }
  }

  export function constructUDPSocketInstance(): UDPSocket { return new UDPSocket(); }
}

export namespace vpnExtension {
  export type LinkAddress = connection.LinkAddress;
  export type RouteInfo = connection.RouteInfo;
  export type VpnExtensionContext = import('../app').HostContext;
  export type VpnConnection = HostVpnConnection;

  export function createVpnConnection(context: VpnExtensionContext): VpnConnection {
    if (!context || typeof context !== 'object') throw new BusinessError(401, 'Parameter error: context');
    return new HostVpnConnection();
  }
  export function startVpnExtensionAbility(want: any): Promise<void> { return startAbility(want); }
  export function stopVpnExtensionAbility(want: any): Promise<void> { return stopAbility(want); }
  /**
   * System APIs the host does not offer to a normal app: reject with 202 (non-system app), as a
   * normal app's call would on a device where they are registered.
   */
  export async function setAlwaysOnVpnEnabled(_enable: boolean, _bundleName: string): Promise<void> {
    throw new BusinessError(202, 'Permission denied: non-system applications use system APIs');
  }
  export async function isAlwaysOnVpnEnabled(_bundleName: string): Promise<boolean> {
    throw new BusinessError(202, 'Permission denied: non-system applications use system APIs');
  }
}

/** Base class of a VPN extension ability; the host's ability process sets `context` before onCreate. */
export class VpnExtensionAbility {
  context!: vpnExtension.VpnExtensionContext;
  onCreate(_want: any): void {}
  onDestroy(): void {}
}
