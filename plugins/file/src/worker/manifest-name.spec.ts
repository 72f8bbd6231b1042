import { manifestName } from './manifest-name';

describe('manifestName', () => {
  it('is the last segment of the URL, decoded', () => {
    expect(manifestName('https://host/repo/MY%20MANIFEST')).toBe('MY MANIFEST');
    expect(manifestName('file:///srv/files/PULP_MANIFEST')).toBe('PULP_MANIFEST');
  });

  it('falls back to PULP_MANIFEST for a URL ending in a slash', () => {
    expect(manifestName('https://host/repo/')).toBe('PULP_MANIFEST');
  });

  it('keeps a segment that does not decode as it is (never fails the sync)', () => {
    expect(manifestName('https://host/repo/PULP%E0MANIFEST')).toBe('PULP%E0MANIFEST');
  });
});
