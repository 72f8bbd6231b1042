import { unchangedSince, type SyncDetails } from './sync-details';

const last: SyncDetails = {
  remote_pk: 'r1',
  url: 'http://h/PULP_MANIFEST',
  download_policy: 'immediate',
  mirror: false,
  most_recent_version: 2,
  manifest_checksum: 'abc',
};

describe('unchangedSince', () => {
  it('is true when nothing changed', () => {
    expect(unchangedSince(last, { ...last })).toBe(true);
  });

  it('is false without a previous sync', () => {
    expect(unchangedSince({}, last)).toBe(false);
    expect(unchangedSince(null, last)).toBe(false);
  });

  it.each<[string, Partial<SyncDetails>]>([
    ['another remote', { remote_pk: 'r2' }],
    ['another URL', { url: 'http://h/other/PULP_MANIFEST' }],
    ['another manifest', { manifest_checksum: 'def' }],
    ['a version made since', { most_recent_version: 3 }],
    ['switching into mirror mode', { mirror: true }],
  ])('is false for %s', (_why, change) => {
    expect(unchangedSince(last, { ...last, ...change })).toBe(false);
  });

  it('is false from a lazy policy to immediate, true the other way and out of mirror mode', () => {
    expect(unchangedSince({ ...last, download_policy: 'on_demand' }, last)).toBe(false);
    expect(unchangedSince(last, { ...last, download_policy: 'on_demand' })).toBe(true);
    expect(unchangedSince({ ...last, mirror: true }, last)).toBe(true);
  });
});
