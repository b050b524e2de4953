/**
 * Hand-written declarations of the part of `@kit.NetworkKit` that HarmonyWG uses (from the OpenHarmony
 * API reference: `@ohos.net.vpnExtension`, `@ohos.app.ability.VpnExtensionAbility`, `@ohos.net.socket`,
 * `@ohos.net.connection`). Only these members exist here.
 */
declare module '@kit.NetworkKit' {
  import { Want, common } from '@kit.AbilityKit';
  import { AsyncCallback, Callback, ErrorCallback } from '@kit.BasicServicesKit';

  /** Network connection management (`@ohos.net.connection`). @since 8 */
  export namespace connection {
    /** An IP address, optionally with a port. @since 8 */
    interface NetAddress {
      /** Textual IPv4 or IPv6 address. @since 8 */
      address: string;
      /** 1 = IPv4 (default), 2 = IPv6. @since 8 */
      family?: number;
      /** Port, 0..65535. @since 8 */
      port?: number;
    }
    /** An interface address with its prefix. @since 8 */
    interface LinkAddress {
      /** The address. @since 8 */
      address: NetAddress;
      /** Prefix length: 1..32 for IPv4, 1..128 for IPv6. @since 8 */
      prefixLength: number;
    }
    /** A route. @since 8 */
    interface RouteInfo {
      /** Interface name (ignored by the VPN service: its routes go to `vpn-tun`). @since 8 */
      interface: string;
      /** Destination prefix (masked to its network address). @since 8 */
      destination: LinkAddress;
      /** Gateway; `{ address: '' }` when there is none. @since 8 */
      gateway: NetAddress;
      /** Whether `gateway` is used. @since 8 */
      hasGateway: boolean;
      /** Whether this is a default route. @since 8 */
      isDefaultRoute: boolean;
      /** Whether the destination is excluded from the VPN. @since 20 */
      isExcludedRoute?: boolean;
    }
    /**
     * Resolves `host` with the default network's DNS servers.
     * Needs ohos.permission.INTERNET. Rejects with 201 (permission denied), 401 (bad parameter),
     * 2100001 (invalid parameter value), 2100002 (cannot connect to the service),
     * 2100003 (system internal error).
     * @since 8
     */
    function getAddressesByName(host: string): Promise<NetAddress[]>;

    /** A data network (netId > 0; 0 when there is none). @since 8 */
    interface NetHandle {
      /** The network's id. @since 8 */
      netId: number;
    }
    /** Bearer types of a network. @since 8 */
    enum NetBearType {
      /** Cellular. @since 8 */
      BEARER_CELLULAR = 0,
      /** Wi-Fi. @since 8 */
      BEARER_WIFI = 1,
      /** Ethernet. @since 8 */
      BEARER_ETHERNET = 3,
      /** VPN. @since 12 */
      BEARER_VPN = 4
    }
    /** What a network offers (the members HarmonyWG reads). @since 8 */
    interface NetCapabilities {
      /** Its bearer types. @since 8 */
      bearerTypes: NetBearType[];
    }
    /** A network and its capabilities (netCapabilitiesChange). @since 10 */
    interface NetCapabilityInfo {
      /** The network. @since 10 */
      netHandle: NetHandle;
      /** Its capabilities. @since 10 */
      netCap: NetCapabilities;
    }
    /** A network's link: interface, addresses (the members HarmonyWG reads). @since 8 */
    interface ConnectionProperties {
      /** Interface name. @since 8 */
      interfaceName: string;
      /** The interface's addresses. @since 8 */
      linkAddresses: LinkAddress[];
    }
    /** A network and its link (netConnectionPropertiesChange). @since 11 */
    interface NetConnectionPropertyInfo {
      /** The network. @since 11 */
      netHandle: NetHandle;
      /** Its link properties. @since 11 */
      connectionProperties: ConnectionProperties;
    }
    /**
     * Watches the default network (createNetConnection without a NetSpecifier). Events arrive after
     * register(); at most 2000 registered callbacks per app. Needs ohos.permission.GET_NETWORK_INFO.
     * @since 8
     */
    interface NetConnection {
      /** A network became the default one. @since 8 */
      on(type: 'netAvailable', callback: Callback<NetHandle>): void;
      /** The network went away. @since 8 */
      on(type: 'netLost', callback: Callback<NetHandle>): void;
      /** The network's capabilities changed. @since 8 */
      on(type: 'netCapabilitiesChange', callback: Callback<NetCapabilityInfo>): void;
      /** The network's link properties (addresses, routes) changed. @since 8 */
      on(type: 'netConnectionPropertiesChange', callback: Callback<NetConnectionPropertyInfo>): void;
      /**
       * Starts delivering events. The callback gets an error 201 (permission denied), 401, 2100002
       * (cannot connect to the service), 2100003 (system internal error), 2101008 (already registered),
       * 2101022 (too many callbacks).
       * @since 8
       */
      register(callback: AsyncCallback<void>): void;
      /** Stops delivering events; error 201, 401, 2100002, 2100003, 2101007 (not registered). @since 8 */
      unregister(callback: AsyncCallback<void>): void;
    }
    /** A watcher of the default network (no NetSpecifier, no timeout). @since 8 */
    function createNetConnection(): NetConnection;
    /** Whether a default network is active. Rejects with 201, 2100002, 2100003. @since 8 */
    function hasDefaultNet(): Promise<boolean>;
    /** The default network. Rejects with 201, 2100002, 2100003. @since 8 */
    function getDefaultNet(): Promise<NetHandle>;
    /** A network's capabilities. Rejects with 201, 401, 2100001, 2100002, 2100003. @since 8 */
    function getNetCapabilities(netHandle: NetHandle): Promise<NetCapabilities>;
    /** A network's link properties. Rejects with 201, 401, 2100001, 2100002, 2100003. @since 8 */
    function getConnectionProperties(netHandle: NetHandle): Promise<ConnectionProperties>;
  }

  /** Sockets (`@ohos.net.socket`). @since 7 */
  export namespace socket {
    /** Same as connection.NetAddress. @since 7 */
    type NetAddress = connection.NetAddress;

    /** Where a datagram came from. @since 7 */
    interface SocketRemoteInfo {
      /** Source address (text). @since 7 */
      address: string;
      /** Address family, as a string here (a number in NetAddress). @since 7 */
      family: 'IPv4' | 'IPv6';
      /** Source port. @since 7 */
      port: number;
      /** Datagram size in bytes. @since 7 */
      size: number;
    }
    /** A received datagram. @since 11 */
    interface SocketMessageInfo {
      /** The payload. @since 11 */
      message: ArrayBuffer;
      /** The sender. @since 11 */
      remoteInfo: SocketRemoteInfo;
    }
    /** Options of UDPSocket.send. @since 7 */
    interface UDPSendOptions {
      /** Payload (a string is sent as UTF-8). @since 7 */
      data: string | ArrayBuffer;
      /** Destination address and port (family must match the bound socket). @since 7 */
      address: NetAddress;
    }

    /** A UDP socket. Every call except on/off needs ohos.permission.INTERNET (error 201). @since 7 */
    interface UDPSocket {
      /**
       * Binds to a local address and port (port 0: the system picks one); the family follows
       * `address.family`. Rejects with 401 (bad parameter) or 201 (permission denied).
       * @since 7
       */
      bind(address: NetAddress): Promise<void>;
      /**
       * Sends one datagram. Rejects with 401, 201, or a 2301xxx socket error (2301000 + errno,
       * e.g. 2301013 EACCES, 2301101 ENETUNREACH).
       * @since 7
       */
      send(options: UDPSendOptions): Promise<void>;
      /** Closes the socket. Rejects with 201. @since 7 */
      close(): Promise<void>;
      /**
       * The bound local address and port. Rejects with 2300002 (system internal error),
       * 2301009 (bad file descriptor), 2303188 (not a socket).
       * @since 12
       */
      getLocalAddress(): Promise<NetAddress>;
      /**
       * The socket's file descriptor (for vpnExtension.VpnConnection.protect). Absent before API 23:
       * calling it there fails (the host runtime rejects with 801 "capability not supported").
       * Rejects with 2300002 when the socket is not bound yet.
       * @since 23
       */
      getSocketFd(): Promise<number>;
      /** Delivers each received datagram. @since 10 */
      on(type: 'message', callback: Callback<SocketMessageInfo>): void;
      /** Socket errors. @since 7 */
      on(type: 'error', callback: ErrorCallback): void;
      /** Removes a message listener (all when `callback` is omitted). @since 10 */
      off(type: 'message', callback?: Callback<SocketMessageInfo>): void;
      /** Removes an error listener (all when `callback` is omitted). @since 7 */
      off(type: 'error', callback?: ErrorCallback): void;
    }

    /** A new, unbound UDP socket. @since 7 */
    function constructUDPSocketInstance(): UDPSocket;
  }

  /** Third-party VPNs (`@ohos.net.vpnExtension`). @since 11 */
  export namespace vpnExtension {
    /** Same as connection.LinkAddress. @since 11 */
    type LinkAddress = connection.LinkAddress;
    /** Same as connection.RouteInfo. @since 11 */
    type RouteInfo = connection.RouteInfo;

    /** The context of a VPN extension ability: filesDir etc. shared with the app's other processes. @since 11 */
    interface VpnExtensionContext extends common.Context {
    }

    /** The virtual interface to create. @since 11 */
    interface VpnConfig {
      /** Interface addresses (IPv4: not the network or broadcast address of the prefix). @since 11 */
      addresses: LinkAddress[];
      /** Routes into the VPN; empty or absent: default routes for each accepted family. At most 64 on API 12 (more later). @since 11 */
      routes?: RouteInfo[];
      /** DNS servers (at most 64). @since 11 */
      dnsAddresses?: string[];
      /** DNS search domains (at most 64). @since 11 */
      searchDomains?: string[];
      /** MTU in bytes (576..1500). @since 11 */
      mtu?: number;
      /** Whether IPv4 is carried (default true). @since 11 */
      isIPv4Accepted?: boolean;
      /** Whether IPv6 is carried (default false). @since 11 */
      isIPv6Accepted?: boolean;
      /** Internal VPN (system use). @since 11 */
      isInternal?: boolean;
      /** Stored but without effect: the fd is always non-blocking. @since 11 */
      isBlocking?: boolean;
      /** Bundle names that use the VPN (all others bypass it); exclusive with blockedApplications. @since 11 */
      trustedApplications?: string[];
      /** Bundle names that bypass the VPN; exclusive with trustedApplications. @since 11 */
      blockedApplications?: string[];
    }

    /** A VPN connection owned by the VPN extension ability. @since 11 */
    interface VpnConnection {
      /**
       * Creates the `vpn-tun` interface and resolves to its fd (O_RDWR|O_NONBLOCK, raw IP packets,
       * no packet-information header). Rejects with 201 or 202 (no consent / permission), 401 (bad
       * config), 2200001 (invalid parameter value), 2200002 (cannot connect to the service),
       * 2200003 (system internal error), 2203001 (user type refused), 2203002 (a VPN already exists).
       * @since 11
       */
      create(config: VpnConfig): Promise<number>;
      /**
       * Lets the socket `socketFd` bypass the VPN. Rejects with 401, 2200001, 2200002, 2200003,
       * 2203004 (invalid socket fd).
       * @since 11
       */
      protect(socketFd: number): Promise<void>;
      /** Tears the VPN down. Rejects with 401, 2200002, 2200003. @since 11 */
      destroy(): Promise<void>;
      /**
       * Every socket this process creates afterwards bypasses the VPN. Rejects with 2200002, 2200003.
       * @since 22
       */
      protectProcessNet(): Promise<void>;
    }

    /**
     * Starts the caller's own VPN extension ability (shows the consent dialog the first time).
     * Rejects with `undefined` when the user refuses or `want.bundleName` is another bundle; declared
     * codes: 401, 16000001 (no such ability), 16000002 (wrong ability type), 16000006, 16000008,
     * 16000011, 16000050 (internal error), 16200001 (caller released).
     * @since 11
     */
    function startVpnExtensionAbility(want: Want): Promise<void>;
    /**
     * Stops the VPN extension ability the caller started. Rejects like startVpnExtensionAbility.
     * @since 11
     */
    function stopVpnExtensionAbility(want: Want): Promise<void>;
    /** A VPN connection for `context` (the VPN ability's own context). Throws 401. @since 11 */
    function createVpnConnection(context: VpnExtensionContext): VpnConnection;
    /**
     * System API (ohos.permission.MANAGE_VPN). Turns always-on VPN on or off for `bundleName`.
     * May be undefined at run time on OpenHarmony: feature-detect. Rejects with 201, 202, 401.
     * @since 11
     */
    function setAlwaysOnVpnEnabled(enable: boolean, bundleName: string): Promise<void>;
    /**
     * System API (ohos.permission.MANAGE_VPN). Whether always-on VPN is on for `bundleName`.
     * May be undefined at run time on OpenHarmony: feature-detect. Rejects with 201, 202, 401.
     * @since 11
     */
    function isAlwaysOnVpnEnabled(bundleName: string): Promise<boolean>;
  }

  /**
   * The base class of a VPN extension ability (`@ohos.app.ability.VpnExtensionAbility`; re-exported by
   * this kit since API 12). Declared in module.json5 `extensionAbilities` with `"type": "vpn"`; runs in
   * the `<bundleName>:vpn` process.
   * @since 11
   */
  export class VpnExtensionAbility {
    /** The ability's context. @since 11 */
    context: vpnExtension.VpnExtensionContext;
    /** Called when the system starts the ability (startVpnExtensionAbility). @since 11 */
    onCreate(want: Want): void;
    /** Called when the ability is stopped (stopVpnExtensionAbility). @since 11 */
    onDestroy(): void;
  }
}
