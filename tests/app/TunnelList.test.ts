/**
 * The tunnels list (TunnelListViewModel over MainViewModel) with a fake VpnControl, the real English
 * strings, the real files directory and an in-memory keystore: rows and switches, one tunnel at a
 * time, delete with confirmation, rename (refused while running), the "add" menu and its import hook.
 */
import { describe, it, expect } from '@ohos/hypium';
import fs from 'node:fs';
import path from 'node:path';
import { AddOption, ImportEntries, TunnelListUiState, TunnelListViewModel } from '../../entry/src/main/ets/viewmodel/TunnelListViewModel';
import { TunnelState } from '../../entry/src/main/ets/model/TunnelStatus';
import { START_ANSWER_TIMEOUT_MS } from '../../entry/src/main/ets/viewmodel/MainViewModel';
import { PRIVATE_HOME, PRIVATE_WORK, PSK_WORK, Screens, TEXT_HOME, TEXT_WORK } from './screens-fixture';

class FakeImports implements ImportEntries {
  opened: AddOption[] = [];
  available(): AddOption[] { return [AddOption.IMPORT_FILE, AddOption.IMPORT_URL]; }
  open(option: AddOption): void { this.opened.push(option); }
}

function rowStates(s: TunnelListUiState): string {
  return s.rows.map((r) => `${r.name}:${r.state}:${r.isOn ? 'on' : 'off'}`).join(' ');
}

async function listWith(f: Screens, imports: ImportEntries | null = null): Promise<{ vm: TunnelListViewModel; seen: TunnelListUiState[] }> {
  const vm = new TunnelListViewModel(f.main, f.texts, imports);
  const seen: TunnelListUiState[] = [];
  vm.setListener((s) => seen.push(s));
  await vm.load();
  return { vm, seen };
}

export default function tunnelListTest(): void {
  describe('TunnelListViewModel', () => {
    it('lists every saved tunnel with its state and an off switch', 0, async () => {
      const f = new Screens([['work', TEXT_WORK], ['home', TEXT_HOME]]);
      const { vm } = await listWith(f);
      expect(rowStates(vm.current())).assertEqual('home:STOPPED:off work:STOPPED:off');
      expect(vm.current().rows[0].stateText).assertEqual('Stopped');
      f.done();
    });

    it('switching a tunnel on starts it and its row follows the status the VPN process publishes', 0, async () => {
      const f = new Screens([['home', TEXT_HOME], ['work', TEXT_WORK]]);
      const { vm } = await listWith(f);
      await vm.setSwitch('work', true);
      expect(f.control.starts.map((s) => s[0]).join()).assertEqual('work');
      expect(JSON.parse(fs.readFileSync(path.join(f.dir, 'active.json'), 'utf8')).tunnelName).assertEqual('work');
      expect(rowStates(vm.current())).assertEqual('home:STOPPED:off work:STARTING:on');
      f.publishStatus(TunnelState.CONNECTED, 'work', f.lastRequest());
      vm.refresh();
      expect(rowStates(vm.current())).assertEqual('home:STOPPED:off work:CONNECTED:on');
      expect(vm.runningTunnel()).assertEqual('work');
      await vm.setSwitch('work', false);
      expect(f.control.stops).assertEqual(1);
      expect(rowStates(vm.current())).assertEqual('home:STOPPED:off work:STOPPED:off');
      f.done();
    });

    it('only one runs at a time: starting another stops the first, whose row shows stopping then stopped', 0, async () => {
      const f = new Screens([['home', TEXT_HOME], ['work', TEXT_WORK]]);
      const { vm, seen } = await listWith(f);
      await vm.setSwitch('home', true);
      f.publishStatus(TunnelState.CONNECTED, 'home', f.lastRequest());
      vm.refresh();
      const from = seen.length;
      await vm.setSwitch('work', true);
      expect(f.control.stops).assertEqual(1);
      expect(f.control.starts.map((s) => s[0]).join()).assertEqual('home,work');
      const homeStates: string[] = [];
      for (const s of seen.slice(from)) {
        const st = s.rows[0].state;
        if (homeStates[homeStates.length - 1] !== st) homeStates.push(st);
        // Never two switches on at once.
        expect(s.rows.filter((r) => r.isOn).length <= 1).assertTrue();
      }
      expect(homeStates.join(' ')).assertEqual('STOPPING STOPPED');
      expect(rowStates(vm.current())).assertEqual('home:STOPPED:off work:STARTING:on');
      expect(JSON.parse(fs.readFileSync(path.join(f.dir, 'active.json'), 'utf8')).tunnelName).assertEqual('work');
      f.done();
    });

    it('a refused start shows FAILED with the reason on that row and the switch goes back off', 0, async () => {
      const f = new Screens([['home', TEXT_HOME]]);
      const { vm } = await listWith(f);
      const { VpnControlError } = await import('../../entry/src/main/ets/viewmodel/MainViewModel');
      f.control.startError = new VpnControlError(2203002);
      await vm.setSwitch('home', true);
      expect(rowStates(vm.current())).assertEqual('home:FAILED:off');
      expect(vm.current().rows[0].problemText).assertEqual('Another VPN is active — stop it first.');
      f.done();
    });

    it('a start the VPN process never answers: the row shows FAILED with its switch on while the ability may run, and switching off stops it', 0, async () => {
      const f = new Screens([['home', TEXT_HOME]]);
      const { vm } = await listWith(f);
      await vm.setSwitch('home', true);
      f.now += START_ANSWER_TIMEOUT_MS + 1;
      vm.refresh();
      expect(rowStates(vm.current())).assertEqual('home:FAILED:on');
      expect(vm.current().rows[0].problemText).assertEqual(f.texts.text('problem_vpn_process_gone', []));
      await vm.setSwitch('home', false);
      expect(f.control.stops).assertEqual(1);
      expect(rowStates(vm.current()).endsWith(':off')).assertTrue();
      f.done();
    });

    it('delete asks first; cancel keeps the tunnel, confirm removes its file and its keys', 0, async () => {
      const f = new Screens([['home', TEXT_HOME], ['work', TEXT_WORK]]);
      const { vm } = await listWith(f);
      vm.requestDelete('work');
      expect(vm.current().pendingDelete).assertEqual('work');
      expect(vm.current().deleteQuestionText).assertEqual('Delete tunnel “work” and its keys? This cannot be undone.');
      vm.cancelDelete();
      expect(vm.current().pendingDelete).assertEqual('');
      expect(f.tunnelFiles().join()).assertEqual('home.conf,work.conf');
      expect(f.secrets.values().join()).assertEqual([PRIVATE_HOME, PRIVATE_WORK, PSK_WORK].sort().join());
      vm.requestDelete('work');
      expect(await vm.confirmDelete()).assertTrue();
      expect(f.tunnelFiles().join()).assertEqual('home.conf');
      expect(f.secrets.values().join()).assertEqual(PRIVATE_HOME);
      expect(rowStates(vm.current())).assertEqual('home:STOPPED:off');
      expect(vm.current().messageText).assertEqual('Tunnel “work” deleted, with its keys.');
      f.done();
    });

    it('deleting the running tunnel stops it first', 0, async () => {
      const f = new Screens([['home', TEXT_HOME]]);
      const { vm } = await listWith(f);
      await vm.setSwitch('home', true);
      f.publishStatus(TunnelState.CONNECTED, 'home', f.lastRequest());
      vm.refresh();
      vm.requestDelete('home');
      expect(await vm.confirmDelete()).assertTrue();
      expect(f.control.stops).assertEqual(1);
      expect(f.tunnelFiles().length).assertEqual(0);
      expect(f.secrets.map.size).assertEqual(0);
      expect(vm.current().rows.length).assertEqual(0);
      f.done();
    });

    it('a delete whose keys the keystore refuses: the tunnel leaves the list (defect: it stayed listed without a file), its keys go at the next start', 0, async () => {
      const f = new Screens([['home', TEXT_HOME]]);
      const { vm } = await listWith(f);
      f.secrets.failWith = 24000005;
      vm.requestDelete('home');
      expect(await vm.confirmDelete()).assertTrue();
      expect(vm.current().messageFailed).assertTrue();
      expect(vm.current().messageText)
        .assertEqual('Tunnel “home” deleted; the keystore refused for now, so its keys are removed at the next start.');
      expect(vm.current().rows.length).assertEqual(0);
      expect(f.tunnelFiles().join()).assertEqual('home.journal');
      f.secrets.failWith = 0;
      expect(f.secrets.values().join()).assertEqual(PRIVATE_HOME);
      // The next start (MainViewModel.load → TunnelStore.recover) removes the journalled key.
      await listWith(f);
      expect(f.secrets.map.size).assertEqual(0);
      expect(f.tunnelFiles().length).assertEqual(0);
      f.done();
    });

    it('rename moves the file and the keys to the new name, byte for byte', 0, async () => {
      const f = new Screens([['home', TEXT_HOME]]);
      const { vm } = await listWith(f);
      vm.beginRename('home');
      expect(vm.current().renaming).assertEqual('home');
      expect(vm.rename('home', 'cottage')).assertTrue();
      expect(f.tunnelFiles().join()).assertEqual('cottage.conf');
      expect(f.store.load('cottage')).assertEqual(TEXT_HOME);
      expect(f.fileText('cottage').includes(PRIVATE_HOME)).assertFalse();
      expect(f.secrets.values().join()).assertEqual(PRIVATE_HOME);
      expect(rowStates(vm.current())).assertEqual('cottage:STOPPED:off');
      expect(vm.current().main.selectedTunnel).assertEqual('cottage');
      expect(vm.current().messageText).assertEqual('Renamed “home” to “cottage”.');
      expect(vm.current().renaming).assertEqual('');
      f.done();
    });

    it('rename is refused for the running tunnel, a taken name and a bad name, each with its reason, changing nothing', 0, async () => {
      const f = new Screens([['home', TEXT_HOME], ['work', TEXT_WORK]]);
      const { vm } = await listWith(f);
      await vm.setSwitch('home', true);
      f.publishStatus(TunnelState.CONNECTED, 'home', f.lastRequest());
      vm.refresh();
      expect(vm.rename('home', 'cottage')).assertFalse();
      expect(vm.current().renameErrorText).assertEqual('“home” is running: stop it before renaming it.');
      expect(vm.rename('work', 'home')).assertFalse();
      expect(vm.current().renameErrorText).assertEqual('A tunnel named “home” already exists.');
      expect(vm.rename('work', 'no spaces/here')).assertFalse();
      expect(vm.current().renameErrorText).assertEqual('Tunnel names are 1 to 15 letters, digits or _ = + . -');
      expect(f.tunnelFiles().join()).assertEqual('home.conf,work.conf');
      expect(f.secrets.map.size).assertEqual(3);
      expect(rowStates(vm.current())).assertEqual('home:CONNECTED:on work:STOPPED:off');
      f.done();
    });

    it('importing a tunnel while another runs keeps the running row (defect: the new tunnel took the running state)', 0, async () => {
      const f = new Screens([['home', TEXT_HOME]]);
      const { vm } = await listWith(f);
      await vm.setSwitch('home', true);
      f.publishStatus(TunnelState.CONNECTED, 'home', f.lastRequest());
      vm.refresh();
      expect(f.main.importTunnel('work', TEXT_WORK)).assertTrue();
      expect(rowStates(vm.current())).assertEqual('home:CONNECTED:on work:STOPPED:off');
      expect(f.tunnelFiles().join()).assertEqual('home.conf,work.conf');
      f.done();
    });

    it('the add menu lists create, the import entries the hook offers, and paste; import taps go to the hook', 0, async () => {
      const f = new Screens();
      const plain = await listWith(f);
      expect(plain.vm.current().addMenu.map((e) => e.option).join()).assertEqual('CREATE,PASTE');
      const imports = new FakeImports();
      const { vm } = await listWith(f, imports);
      expect(vm.current().addMenu.map((e) => e.option).join()).assertEqual('CREATE,IMPORT_FILE,IMPORT_URL,PASTE');
      expect(vm.current().addMenu.map((e) => e.label).join(' | '))
        .assertEqual('Create from scratch | Import from a file or zip | Import from a URL | Paste a configuration');
      vm.openAdd(AddOption.IMPORT_URL);
      vm.openAdd(AddOption.CREATE);
      expect(imports.opened.join()).assertEqual('IMPORT_URL');
      f.done();
    });
  });
}
