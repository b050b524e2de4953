/**
 * Issue 14 item 8, `writeTextAtomic` (store/AppFiles.ets), which every file shared by the two
 * processes goes through (status.json, active.json, the tunnels): it wrote a fixed `<path>.tmp`,
 * ignored the byte count writeSync returned, and renamed without fsync. Here the host fileIo
 * (real files) is watched and made to misbehave as an OS may: short writes, no progress, ENOSPC, and
 * a second writer of the same file in the middle of a write.
 */
import { describe, it, expect } from '@ohos/hypium';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileIo } from '../host/kits/CoreFileKit';
import { BusinessError } from '../host/runtime';
import { writeTextAtomic } from '../../entry/src/main/ets/store/AppFiles';

type WriteSync = typeof fileIo.writeSync;

/** Replaces fileIo members for one test, and puts them back. */
class FileIoSpy {
  calls: string[] = [];
  private readonly saved = { writeSync: fileIo.writeSync, fsyncSync: (fileIo as { fsyncSync?: (fd: number) => void }).fsyncSync, renameSync: fileIo.renameSync, openSync: fileIo.openSync };

  constructor(write?: (original: WriteSync, fd: number, buffer: ArrayBuffer | string) => number) {
    const s = this.saved;
    const f = fileIo as unknown as Record<string, unknown>;
    f.openSync = (p: string, mode?: number) => { this.calls.push(`open ${path.basename(p)}`); return s.openSync(p, mode); };
    f.writeSync = (fd: number, buffer: ArrayBuffer | string, options?: fileIo.WriteOptions) => {
      const n = write ? write(s.writeSync, fd, buffer) : s.writeSync(fd, buffer, options);
      this.calls.push(`write ${n}`);
      return n;
    };
    if (s.fsyncSync) f.fsyncSync = (fd: number) => { this.calls.push('fsync'); (s.fsyncSync as (fd: number) => void)(fd); };
    f.renameSync = (a: string, b: string) => { this.calls.push(`rename ${path.basename(b)}`); s.renameSync(a, b); };
  }

  restore(): void {
    Object.assign(fileIo as unknown as Record<string, unknown>, this.saved);
  }
}

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'hwg-atomic-'));
}

const TEXT = '{"state":"CONNECTED","tunnelName":"home","note":"ünïcødé 隧道"}';

export default function atomicFileWriteTest(): void {
  describe('AtomicFileWrite', () => {
    it('flushes the new content to disk (fsync) before the rename publishes it', 0, () => {
      const dir = tmpDir();
      const spy = new FileIoSpy();
      try {
        writeTextAtomic(path.join(dir, 'status.json'), TEXT);
      } finally {
        spy.restore();
      }
      console.log(spy.calls.join(', '));
      const fsync = spy.calls.indexOf('fsync');
      const rename = spy.calls.indexOf('rename status.json');
      expect(fsync >= 0 && rename > fsync).assertTrue();
      expect(fs.readFileSync(path.join(dir, 'status.json'), 'utf8')).assertEqual(TEXT);
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('finishes a short write instead of publishing a truncated file', 0, () => {
      const dir = tmpDir();
      let first = true;
      // The OS writes only the first 10 bytes of the first request (as write(2) may).
      const spy = new FileIoSpy((original, fd, buffer) => {
        if (first) { first = false; return original(fd, buffer, { length: 10 }); }
        return original(fd, buffer);
      });
      try {
        writeTextAtomic(path.join(dir, 'status.json'), TEXT);
      } finally {
        spy.restore();
      }
      console.log(spy.calls.join(', '));
      expect(fs.readFileSync(path.join(dir, 'status.json'), 'utf8')).assertEqual(TEXT);
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('fails, keeping the old file and no temporary file, when a write makes no progress or the disk is full', 0, () => {
      const makers: Array<[string, (original: WriteSync, fd: number, buffer: ArrayBuffer | string) => number]> = [
        ['no progress', () => 0],
        ['ENOSPC', () => { throw new BusinessError(13900025, 'No space left on device'); }],
      ];
      for (const [what, write] of makers) {
        const dir = tmpDir();
        const target = path.join(dir, 'active.json');
        fs.writeFileSync(target, 'old');
        const spy = new FileIoSpy(write);
        let thrown = '';
        try {
          writeTextAtomic(target, TEXT);
        } catch (e) {
          thrown = e instanceof Error ? e.message : String(e);
        } finally {
          spy.restore();
        }
        console.log(`${what}: ${thrown}`);
        expect(`${what}: ${thrown !== ''}`).assertEqual(`${what}: true`);
        expect(fs.readFileSync(target, 'utf8')).assertEqual('old');
        expect(fs.readdirSync(dir).join(',')).assertEqual('active.json');
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('a second writer of the same file in the middle of a write: each publishes its whole text, no temporary file is shared', 0, () => {
      const dir = tmpDir();
      const target = path.join(dir, 'status.json');
      const other = '{"state":"STOPPED"}';
      let nested = false;
      const spy = new FileIoSpy((original, fd, buffer) => {
        if (!nested) {
          nested = true;
          // Another writer (e.g. the VPN process of the previous start) writes the same file now.
          writeTextAtomic(target, other);
          expect(fs.readFileSync(target, 'utf8')).assertEqual(other);
        }
        return original(fd, buffer);
      });
      let thrown = '';
      try {
        writeTextAtomic(target, TEXT);
      } catch (e) {
        thrown = e instanceof Error ? e.message : String(e);
      } finally {
        spy.restore();
      }
      expect(thrown).assertEqual('');
      expect(fs.readFileSync(target, 'utf8')).assertEqual(TEXT);
      expect(fs.readdirSync(dir).join(',')).assertEqual('status.json');
      fs.rmSync(dir, { recursive: true, force: true });
    });
  });
}
