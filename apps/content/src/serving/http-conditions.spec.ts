import { precondition, rangeStillValid, requestedRange } from './http-conditions';

describe('requestedRange', () => {
  it.each([
    ['bytes=0-9', { start: 0, end: 9 }],
    ['bytes=10-', { start: 10, end: 99 }],
    ['bytes=-5', { start: 95, end: 99 }],
    ['bytes=-500', { start: 0, end: 99 }],
    ['bytes=90-200', { start: 90, end: 99 }],
    ['BYTES=1-2', { start: 1, end: 2 }],
    [' bytes=3-4 ', { start: 3, end: 4 }],
  ])('%s of 100 bytes', (header, range) => {
    expect(requestedRange(header, 100)).toEqual(range);
  });

  it('is the whole file without a header', () => {
    expect(requestedRange(undefined, 100)).toBeUndefined();
  });

  // RFC 9110 §14.2: a Range in a unit the server does not know is ignored, and so is an empty one.
  it.each(['', '   ', 'items=0-5', 'pages=1-2', 'bytesx=0-1', 'bytes', '0-5'])(
    'ignores %p: the whole file',
    (header) => {
      expect(requestedRange(header, 100)).toBeUndefined();
    },
  );

  it.each(['bytes=100-', 'bytes=5-2', 'bytes=-0', 'bytes=-', 'bytes=', 'bytes=0-1,3-4', 'bytes=a-b', 'bytes= 0-1'])(
    'refuses %s as unsatisfiable',
    (header) => {
      expect(requestedRange(header, 100)).toBe('unsatisfiable');
    },
  );
});

describe('precondition', () => {
  const validators = { etag: '"abc"', lastModified: new Date('2026-01-02T03:04:05.678Z') };

  it('answers 304 for a matching If-None-Match, whatever the date says', () => {
    expect(precondition({ 'if-none-match': '"x", "abc"' }, validators)).toBe('not-modified');
    expect(precondition({ 'if-none-match': 'W/"abc"' }, validators)).toBe('not-modified');
    expect(precondition({ 'if-none-match': '*' }, validators)).toBe('not-modified');
    expect(
      precondition({ 'if-none-match': '"other"', 'if-modified-since': 'Fri, 02 Jan 2026 03:04:05 GMT' }, validators),
    ).toBe('proceed');
  });

  it('answers 304 when not modified since, to the second', () => {
    expect(precondition({ 'if-modified-since': 'Fri, 02 Jan 2026 03:04:05 GMT' }, validators)).toBe('not-modified');
    expect(precondition({ 'if-modified-since': 'Fri, 02 Jan 2026 03:04:04 GMT' }, validators)).toBe('proceed');
    expect(precondition({ 'if-modified-since': 'yesterday' }, validators)).toBe('proceed');
  });

  it('answers 412 when If-Match or If-Unmodified-Since fail', () => {
    expect(precondition({ 'if-match': '"other"' }, validators)).toBe('failed');
    expect(precondition({ 'if-match': '"abc"' }, validators)).toBe('proceed');
    expect(precondition({ 'if-match': '"x", "abc"' }, validators)).toBe('proceed');
    expect(precondition({ 'if-match': '*' }, validators)).toBe('proceed');
    expect(precondition({ 'if-unmodified-since': 'Thu, 01 Jan 2026 00:00:00 GMT' }, validators)).toBe('failed');
  });

  it('compares If-Match strongly: a weak tag never matches, even of the same file', () => {
    expect(precondition({ 'if-match': 'W/"abc"' }, validators)).toBe('failed');
    expect(precondition({ 'if-match': 'W/"x", W/"abc"' }, validators)).toBe('failed');
    expect(precondition({ 'if-match': '"x", *' }, validators)).toBe('failed');
  });

  it('lets a matching If-Match pass whatever If-Unmodified-Since says', () => {
    expect(
      precondition({ 'if-match': '"abc"', 'if-unmodified-since': 'Thu, 01 Jan 2026 00:00:00 GMT' }, validators),
    ).toBe('proceed');
  });
});

describe('rangeStillValid', () => {
  const validators = { etag: '"abc"', lastModified: new Date('2026-01-02T03:04:05Z') };

  it('honours Range only while If-Range still names the file', () => {
    expect(rangeStillValid({}, validators)).toBe(true);
    expect(rangeStillValid({ 'if-range': '"abc"' }, validators)).toBe(true);
    expect(rangeStillValid({ 'if-range': '"old"' }, validators)).toBe(false);
    expect(rangeStillValid({ 'if-range': 'Fri, 02 Jan 2026 03:04:05 GMT' }, validators)).toBe(true);
    expect(rangeStillValid({ 'if-range': 'Thu, 01 Jan 2026 03:04:05 GMT' }, validators)).toBe(false);
  });
});
