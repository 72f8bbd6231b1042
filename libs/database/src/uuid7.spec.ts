import { uuid7 } from './uuid7';

describe('uuid7', () => {
  it('is a lowercase version-7 RFC 4122 UUID', () => {
    expect(uuid7()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('sorts by creation time', () => {
    const earlier = uuid7(1_700_000_000_000);
    const later = uuid7(1_700_000_000_001);
    expect(earlier < later).toBe(true);
  });
});
