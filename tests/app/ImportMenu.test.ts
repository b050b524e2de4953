/**
 * The list's "add" menu over the import view model (ImportMenuEntries): the import entries it offers
 * (QR only where the device scans), "from a file" opening the picker at once, and every import entry
 * showing the import panel; a cancelled picker saves nothing.
 */
import { describe, it, expect } from '@ohos/hypium';
import { DocumentPicker } from '../../entry/src/main/ets/io/Documents';
import { UrlFetcher } from '../../entry/src/main/ets/io/UrlFetcher';
import { QrScanner } from '../../entry/src/main/ets/viewmodel/QrScanner';
import { ImportViewModel } from '../../entry/src/main/ets/viewmodel/ImportViewModel';
import { ImportMenuEntries } from '../../entry/src/main/ets/viewmodel/ImportMenuEntries';
import { AddOption, TunnelListViewModel } from '../../entry/src/main/ets/viewmodel/TunnelListViewModel';
import { Screens } from './screens-fixture';

class CancellingPicker implements DocumentPicker {
  selects = 0;
  async select(): Promise<string[]> { this.selects++; return []; }
  async save(): Promise<string> { return ''; }
}

class Scanner implements QrScanner {
  constructor(private readonly can: boolean) {}
  available(): boolean { return this.can; }
  async scan(): Promise<string> { return ''; }
}

export default function importMenuTest(): void {
  describe('ImportMenuEntries', () => {
    it('offers file and URL, QR only with a scanner; the file entry opens the picker, each entry shows the panel', 0, async () => {
      const f = new Screens();
      const picker = new CancellingPicker();
      const shown: AddOption[] = [];
      const without = new ImportMenuEntries(new ImportViewModel(f.main, f.texts, picker, new UrlFetcher(), new Scanner(false), 1000),
        (o: AddOption) => shown.push(o));
      const list = new TunnelListViewModel(f.main, f.texts, without);
      await list.load();
      expect(list.current().addMenu.map((e) => e.option).join()).assertEqual('CREATE,IMPORT_FILE,IMPORT_URL,PASTE');
      const withQr = new ImportMenuEntries(new ImportViewModel(f.main, f.texts, picker, new UrlFetcher(), new Scanner(true), 1000),
        (o: AddOption) => shown.push(o));
      expect(withQr.available().join()).assertEqual('IMPORT_FILE,IMPORT_URL,IMPORT_QR');
      list.openAdd(AddOption.IMPORT_FILE);
      list.openAdd(AddOption.IMPORT_URL);
      list.openAdd(AddOption.CREATE);
      expect(shown.join()).assertEqual('IMPORT_FILE,IMPORT_URL');
      expect(picker.selects).assertEqual(1);
      expect(f.tunnelFiles().length).assertEqual(0);
      f.done();
    });
  });
}
