import { checkpointAt, checkpointStamp } from './checkpoints';

describe('checkpoints', () => {
  const at = (iso: string, source: string) => ({ created: new Date(iso), source });
  const checkpoints = [at('2026-01-01T10:00:00.500Z', 'first'), at('2026-01-02T10:00:00.250Z', 'second')];
  const now = new Date('2026-06-01T00:00:00Z');

  it('names a checkpoint by its second, in UTC', () => {
    expect(checkpointStamp(new Date('2026-01-02T03:04:05.678Z'))).toBe('20260102T030405Z');
  });

  it('finds the newest checkpoint made within or before the second asked for', () => {
    expect(checkpointAt(checkpoints, '20260101T100000Z', now)?.source).toBe('first');
    expect(checkpointAt(checkpoints, '20260102T000000Z', now)?.source).toBe('first');
    expect(checkpointAt(checkpoints, '20260102T100000Z', now)?.source).toBe('second');
    expect(checkpointAt(checkpoints, '20260301T000000Z', now)?.source).toBe('second');
  });

  it('finds none before the first, in the future, or for what is not a stamp', () => {
    expect(checkpointAt(checkpoints, '20251231T235959Z', now)).toBeUndefined();
    expect(checkpointAt(checkpoints, '20270101T000000Z', now)).toBeUndefined();
    expect(checkpointAt(checkpoints, '2026-01-01', now)).toBeUndefined();
    expect(checkpointAt(checkpoints, '20260230T000000Z', now)).toBeUndefined();
  });
});
