// hypium-timeout: 60000
/**
 * The native packet-I/O module (entry/src/main/cpp/packet_io.c, issue 9) through its Node caller:
 *  - the Node-API functions it imports (`nm -u` of the node-gyp build) are exactly the ones listed in
 *    entry/src/main/cpp/napi_functions.txt, each in OpenHarmony's supported list at API ≤ 12 (our floor);
 *  - on a real tun in a fresh namespace (fixtures/native-io-probe.ts): no wake-up of the reader
 *    or writer thread while idle, every packet of a burst delivered in order in batches of ≤ 64,
 *    batched writes arrive in order (through the writer thread), Stop under a flood returns within
 *    100 ms with both threads gone and no callback afterwards, a dead fd reports one error;
 *  - its own UDP socket (openUdp): datagrams in through the reader with their source, out through
 *    the writer (sendmmsg), in order.
 */
import { describe, it, expect, beforeAll, afterAll } from '@ohos/hypium';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { NetnsLab } from '../e2e/netns';

const repo = process.cwd();
const BUILD = path.join(repo, 'entry/src/main/cpp/build/Release/harmonywg_io.node');
/** Lowest API level the app supports (README: API 12 is the floor). */
const API_FLOOR = 12;
/** The goal (issue 9) and the limit asserted: 5 × the goal or goal + 5 s, whichever is larger. */
const STOP_GOAL_MS = 100;
const STOP_LIMIT_MS = Math.max(5 * STOP_GOAL_MS, STOP_GOAL_MS + 5000);

let lab: NetnsLab | null = null;
let tmp = '';
let result: any = null;

async function probe(): Promise<any> {
  const { bundle } = await import(pathToFileURL(path.join(repo, 'tests/tools/bundle.mjs')).href);
  const script = await bundle(path.join(repo, 'tests/host/fixtures/native-io-probe.ts'), path.join(tmp, 'probe.mjs'));
  const res = await lab!.runForResult(lab!.phoneNs, script, [], {
    HARMONYWG_STATE_DIR: path.join(tmp, 'state'), HARMONYWG_FILES_DIR: path.join(tmp, 'files'), HARMONYWG_REPO: repo,
  }, 'native-io probe');
  console.log(`native-io probe: ${JSON.stringify(res)}`);
  return res;
}

export default function nativeIoTest(): void {
  describe('NativePacketIo', () => {
    beforeAll(async () => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-nativeio-'));
      lab = await NetnsLab.create();
    });
    afterAll(async () => {
      if (lab) await lab.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    it('imports exactly the listed Node-API functions, all supported by OpenHarmony at API 12', 0, () => {
      expect(fs.existsSync(BUILD)).assertTrue();
      const listed = new Map<string, number>();
      for (const line of fs.readFileSync(path.join(repo, 'entry/src/main/cpp/napi_functions.txt'), 'utf8').split('\n')) {
        const t = line.trim();
        if (t === '' || t.startsWith('#')) continue;
        const [name, since] = t.split(/\s+/);
        listed.set(name, Number(since));
      }
      const imported = execFileSync('nm', ['-u', BUILD], { encoding: 'utf8' }).split('\n')
        .map((l) => l.trim().split(/\s+/).pop() ?? '').map((s) => s.replace(/@.*$/, ''))
        .filter((s) => /^(napi_|node_api_)/.test(s)).sort();
      console.log(`imported Node-API functions (${imported.length}): ${imported.join(' ')}`);
      expect(imported.length > 10).assertTrue();
      expect(imported.join(' ')).assertEqual([...listed.keys()].sort().join(' '));
      for (const [name, since] of listed) {
        if (!(since <= API_FLOOR)) console.error(`${name} is listed from API ${since}`);
        expect(since <= API_FLOOR).assertTrue();
      }
    });

    it('waits without waking, delivers bursts in batches in order, writes batches', 0, async () => {
      result = await probe();
      expect(result.loaded).assertTrue();
      expect(result.readerThread).assertTrue();
      expect(result.writerThread).assertTrue();
      expect(result.tasksStarted).assertEqual(2);
      console.log(`context switches over ${result.idleSeconds} s idle: reader ${result.idleReaderSwitches}, writer ${result.idleWriterSwitches}`);
      expect(result.idleReaderSwitches <= 1).assertTrue();
      expect(result.idleWriterSwitches <= 1).assertTrue();
      expect(result.burstReceived).assertEqual(300);
      expect(result.burstInOrder).assertTrue();
      expect(result.badLayout).assertEqual(0);
      console.log(`300 packets in ${result.batches} batches (largest ${result.maxBatch})`);
      expect(result.maxBatch <= 64).assertTrue();
      expect(result.batches < 300).assertTrue();
      expect(result.writeDropped).assertEqual(0);
      expect(result.written).assertEqual(20);
      expect(result.writtenInOrder).assertTrue();
      expect(result.writerWoke).assertTrue();
      expect(result.writeBadArgCode).assertEqual('401');
    });

    it('stops within 100 ms under a flood and delivers nothing afterwards', 0, async () => {
      if (result === null) result = await probe();
      console.log(`stop under flood: ${result.stopMs.toFixed(3)} ms (goal ${STOP_GOAL_MS} ms, limit ${STOP_LIMIT_MS} ms); ` +
        `${result.floodDeliveredBeforeStop} flood packets delivered before, ${result.floodSent} sent in all`);
      expect(result.floodDeliveredBeforeStop > 0).assertTrue();
      expect(result.stopMs < STOP_LIMIT_MS).assertTrue();
      expect(result.readerAfterStop).assertFalse();
      expect(result.writerAfterStop).assertFalse();
      expect(result.tasksAfterStop).assertEqual(0);
      expect(result.callsAfterStop).assertEqual(0);
      expect(result.writeAfterStop).assertEqual(0);
      expect(result.secondStop).assertEqual('ok');
    });

    it('serves its own UDP socket: datagrams in with their source, in order, in batches; sendDatagrams out in order', 0, async () => {
      if (result === null) result = await probe();
      console.log(`UDP: port ${result.udpPort}, 200 datagrams in ${result.udpBatches} batches; 20 sent (dropped ${result.udpSendDropped}); stop ${result.udpStopMs.toFixed(3)} ms`);
      expect(result.udpPort > 0).assertTrue();
      expect(result.udpThreads).assertEqual(2);
      expect(result.udpReceived).assertEqual(200);
      expect(result.udpInOrder).assertTrue();
      expect(result.udpFromOk).assertTrue();
      expect(result.udpBatches < 200).assertTrue();
      expect(result.udpSendDropped).assertEqual(0);
      expect(result.udpSent).assertEqual(20);
      expect(result.udpSentInOrder).assertTrue();
      expect(result.udpStopMs < STOP_LIMIT_MS).assertTrue();
      expect(result.udpFdClosed).assertTrue();
    });

    it('reports a dead fd once and rejects slots that are too small', 0, async () => {
      if (result === null) result = await probe();
      expect(JSON.stringify(result.badFdCall)).assertEqual(JSON.stringify([-1, -9]));
      expect(result.smallSlotCode).assertEqual('401');
    });
  });
}
