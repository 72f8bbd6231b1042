import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { folderBlockingOthers } from './postgres-cluster';

describe('folderBlockingOthers', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'blocking-'));
    chmodSync(root, 0o755);
    mkdirSync(join(root, 'private/checkout/var'), { recursive: true });
    chmodSync(join(root, 'private'), 0o700);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('names the first folder on the way that others may not enter', () => {
    expect(folderBlockingOthers(join(root, 'private/checkout/var'))).toBe(join(root, 'private'));
  });

  it('passes folders others may enter, and those not created yet', () => {
    chmodSync(join(root, 'private'), 0o711);
    expect(folderBlockingOthers(join(root, 'private/checkout/var/postgres/not-yet'))).toBeUndefined();
  });
});
