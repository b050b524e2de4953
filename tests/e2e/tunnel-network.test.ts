// hypium-timeout: 150000
/**
 * Issue 12 item 1 end to end: the phone's uplinks change under a running tunnel, through the real app
 * path (the VPN ability follows the default network with connection.createNetConnection, which the
 * host runtime drives from netlink in the phone namespace).
 *
 * The phone namespace gets two uplinks, "wifi" (198.18.1.0/24) and "cell" (198.18.2.0/24), both
 * reaching the server, whose WireGuard endpoint is 198.51.100.1 (on its loopback, routed over either
 * uplink); the lab's own veth keeps no default route. The server's side of each uplink is shaped to
 * 16 Mbit/s so that a 4 MiB download takes about 2 s.
 *  1. Mid-download, the default route moves to "cell" and "wifi" is deleted: traffic resumes (the
 *     server sees the phone's new address) within 1 s (goal; printed), with no Start/Stop (same VPN
 *     process, never left CONNECTED), and the download completes with the right sha256.
 *  2. Then every uplink goes down for 30 s: "Waiting for network" within 2 s (goal), nothing sent
 *     while down (the engine's transmitted bytes stand still while pings keep hitting the tun and are
 *     dropped as NO_NETWORK), and CONNECTED within 2 s (goal) after "cell" returns, with pings answered.
 */
import { describe, it, expect } from '@ohos/hypium';
import { Phone } from './phone';
import { NetnsLab, SERVER_PUBLIC_ADDR } from './netns';
import { Scene, agentChildren, editConfig, expectedSha, limitFor, note, pingUntilReply, sleep, startConnected, stopStopped, withScene } from './scenario';

const SERVER_PUBLIC = SERVER_PUBLIC_ADDR;
const DOWNLOAD = 4 * 1024 * 1024;
const DOWN_MS = 30000;

/** The phone's endpoint as the server sees it ("198.18.1.1:40123"), or ''. */
function serverView(lab: NetnsLab): string {
  const m = /\t(\S+)\s*$/m.exec(lab.wgShow('endpoints'));
  return m === null ? '' : m[1];
}

/** Polls `ok` every 20 ms; returns ms waited. Throws after `limitMs` naming `what`. */
async function until(what: string, ok: () => boolean | Promise<boolean>, limitMs: number): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    if (await ok()) return performance.now() - t0;
    if (performance.now() - t0 > limitMs) throw new Error(`no ${what} within ${limitMs} ms`);
    await sleep(20);
  }
}

async function uiState(phone: Phone): Promise<string> {
  return (await phone.call('ui')).state as string;
}

export default function tunnelNetworkTest(): void {
  describe('E2E network changes (wireguard-go)', () => {
    it('wifi → cell mid-download: resumes at once with the new endpoint, the download completes; 30 s without any uplink: waits, sends nothing, recovers', 0, async () => {
      await withScene(async ({ lab, http, phone }: Scene) => {
        lab.addUplink('wifi', 1, 16);
        lab.addUplink('cell', 2, 16);
        lab.exec(lab.phoneNs, 'ip', ['route', 'add', 'default', 'via', '198.18.1.2', 'dev', 'wifi']);
        const conf = editConfig(lab.clientConfig(), (l) => (l.startsWith('Endpoint') ? `Endpoint = ${SERVER_PUBLIC}:51820` : l));
        await phone.importTunnel('t', conf);
        await startConnected(phone);
        const vpn = agentChildren(phone.pid).find((p) => p.cmdline.includes(':vpn'));
        if (vpn === undefined) throw new Error('no VPN ability process');
        await until('endpoint at the server', () => serverView(lab).startsWith('198.18.1.1:'), 5000);
        const onWifi = serverView(lab);

        // 1. wifi → cell in the middle of a 4 MiB download.
        const serverTx = (): number => Number(lab.wgShow('transfer').trim().split(/\s+/)[2]);
        const tx0 = serverTx();
        const download = phone.call('get', { url: `${http.url}/${DOWNLOAD}`, timeoutMs: 60000 });
        await until('1 MiB of the download sent', () => serverTx() - tx0 > 1024 * 1024, 20000);
        const states = new Set<string>();
        const watch = setInterval(() => { uiState(phone).then((s) => states.add(s), () => undefined); }, 100);
        const t0 = performance.now();
        lab.exec(lab.phoneNs, 'ip', ['route', 'replace', 'default', 'via', '198.18.2.2', 'dev', 'cell']);
        lab.exec(lab.phoneNs, 'ip', ['link', 'del', 'wifi']);
        const rx0 = Number(lab.wgShow('transfer').trim().split(/\s+/)[1]);
        await until('traffic from the new address', () => serverView(lab).startsWith('198.18.2.1:') &&
          Number(lab.wgShow('transfer').trim().split(/\s+/)[1]) > rx0, limitFor(1000));
        const resumeMs = performance.now() - t0;
        const got = await download;
        const downloadMs = performance.now() - t0;
        clearInterval(watch);
        const onCell = serverView(lab);
        note(`wifi → cell: server saw ${onWifi} → ${onCell} ${resumeMs.toFixed(0)} ms after the switch (goal 1000 ms); ` +
          `4 MiB download: status ${got.status}, ${got.bytes} bytes, done ${downloadMs.toFixed(0)} ms after the switch; states seen ${[...states].join(', ')}`);
        expect(got.status).assertEqual(200);
        expect(got.bytes).assertEqual(DOWNLOAD);
        expect(got.sha256).assertEqual(expectedSha(DOWNLOAD));
        expect([...states].every((s) => s === 'CONNECTED')).assertTrue();
        expect(agentChildren(phone.pid).some((p) => p.pid === vpn.pid && p.cmdline.includes(':vpn'))).assertTrue();

        // 2. No uplink at all for 30 s.
        const tDown = performance.now();
        lab.exec(lab.phoneNs, 'ip', ['link', 'set', 'cell', 'down']);
        const waitingMs = await until('Waiting for network', async () => (await uiState(phone)) === 'WAITING_FOR_NETWORK', limitFor(2000));
        const ui = await phone.call('ui');
        // Settle for one status period, then nothing may be sent until the uplink returns.
        await sleep(1500);
        const before = await phone.call('status');
        const pings = phone.call('ping', { host: '198.19.0.1', count: 20, interval: 1, deadline: 22 });
        await sleep(DOWN_MS - (performance.now() - tDown));
        const after = await phone.call('status');
        const dropped = (st: Record<string, any>): number => {
          const d = (st.drops as Array<Record<string, any>>).find((x) => x.reason === 'NO_NETWORK');
          return d === undefined ? 0 : d.count;
        };
        const tUp = performance.now();
        lab.exec(lab.phoneNs, 'ip', ['link', 'set', 'cell', 'up']);
        lab.exec(lab.phoneNs, 'ip', ['route', 'replace', 'default', 'via', '198.18.2.2', 'dev', 'cell']);
        const connectedMs = await until('CONNECTED', async () => (await uiState(phone)) === 'CONNECTED', limitFor(2000));
        const reply = await pingUntilReply(phone, '198.19.0.1', tUp, 15000);
        await pings;
        note(`all uplinks down: "${ui.stateText}" after ${waitingMs.toFixed(0)} ms (goal 2000 ms); while down the engine sent ` +
          `${after.txBytes - before.txBytes} bytes, ${dropped(after) - dropped(before)} tun packets dropped as NO_NETWORK; ` +
          `uplink back: CONNECTED after ${connectedMs.toFixed(0)} ms (goal 2000 ms), first ping reply after ${reply.ms.toFixed(0)} ms`);
        expect(ui.stateText).assertEqual('Waiting for network');
        expect(after.txBytes).assertEqual(before.txBytes);
        expect(dropped(after) > dropped(before)).assertTrue();
        expect(agentChildren(phone.pid).some((p) => p.pid === vpn.pid)).assertTrue();
        await stopStopped(phone);
      });
    });
  });
}
