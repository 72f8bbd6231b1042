import {
  decodeEntry,
  encodeEntry,
  entryField,
  existingCandidate,
  existsKeys,
  redirectTtl,
  type CacheEntry,
} from './cache-entry';

const NOW = 1_700_000_000;
const file = {
  name: 'artifact/ab/cdef',
  domainId: '0190e0b1-0000-7000-8000-000000000000',
  size: 12,
  sha256: 'abcdef',
  created: new Date('2024-05-06T07:08:09.123Z'),
  filename: 'a.txt',
};

describe('cache entries', () => {
  const entries: CacheEntry[] = [
    { type: 'FileResponse', status: 200, headers: { 'content-type': 'text/plain' }, file },
    { type: 'Response', status: 200, headers: { 'content-type': 'text/html' }, text: '<html>listing</html>' },
    { type: 'Redirect', status: 302, headers: { etag: '"x"' }, location: 'https://storage.example/a?sig=1' },
  ];

  it.each(entries)('round-trips a $type entry', (entry) => {
    expect(decodeEntry(encodeEntry(entry, NOW, 600), NOW + 599)).toEqual(entry);
  });

  it("writes Pulp's shape: headers, status, absolute expires, type and the type's own field", () => {
    expect(JSON.parse(encodeEntry(entries[0], NOW, 600, '/var/lib/pulp/media/artifact/ab/cdef'))).toEqual({
      headers: { 'content-type': 'text/plain' },
      status: 200,
      expires: NOW + 600,
      type: 'FileResponse',
      path: '/var/lib/pulp/media/artifact/ab/cdef',
      file: { ...file, created: '2024-05-06T07:08:09.123Z' },
    });
    expect(JSON.parse(encodeEntry(entries[1], NOW, 600))).toEqual({
      headers: { 'content-type': 'text/html' },
      status: 200,
      expires: NOW + 600,
      type: 'Response',
      text: '<html>listing</html>',
    });
    expect(JSON.parse(encodeEntry(entries[2], NOW, null))).toMatchObject({
      expires: null,
      type: 'Redirect',
      location: 'https://storage.example/a?sig=1',
    });
  });

  it('expires at the absolute time it carries; a null TTL never expires', () => {
    const stored = encodeEntry(entries[1], NOW, 10);
    expect(decodeEntry(stored, NOW + 9)).toBeDefined();
    expect(decodeEntry(stored, NOW + 10)).toBeUndefined();
    expect(decodeEntry(encodeEntry(entries[1], NOW, null), NOW + 10 ** 9)).toEqual(entries[1]);
  });

  it.each([
    ['not JSON', '{'],
    ['not an object', '[1]'],
    ['no headers', JSON.stringify({ status: 200, expires: null, type: 'Response', text: 'x' })],
    [
      'a header that is not a string',
      JSON.stringify({ headers: { a: 1 }, status: 200, expires: null, type: 'Response', text: 'x' }),
    ],
    ['no status', JSON.stringify({ headers: {}, expires: null, type: 'Response', text: 'x' })],
    [
      'an expiry that is not a number',
      JSON.stringify({ headers: {}, status: 200, expires: 'soon', type: 'Response', text: 'x' }),
    ],
    [
      'an unknown type',
      JSON.stringify({ headers: {}, status: 200, expires: null, type: 'ArtifactResponse', artifact_pk: 'x' }),
    ],
    ['a page without text', JSON.stringify({ headers: {}, status: 200, expires: null, type: 'Response', body: '00' })],
    [
      'a redirect that is not a 302',
      JSON.stringify({ headers: {}, status: 301, expires: null, type: 'Redirect', location: '/' }),
    ],
    [
      'a file without its storage name',
      JSON.stringify({ headers: {}, status: 200, expires: null, type: 'FileResponse', path: '/x' }),
    ],
    [
      'a file with a bad date',
      JSON.stringify({
        headers: {},
        status: 200,
        expires: null,
        type: 'FileResponse',
        file: { ...file, created: 'x' },
      }),
    ],
  ])('reads %s as nothing (the caller deletes it)', (_, raw) => {
    expect(decodeEntry(raw, NOW)).toBeUndefined();
  });

  it('names a field by decoded path and method', () => {
    expect(entryField('/pulp/content/foo/a b.rpm', 'HEAD')).toBe('/pulp/content/foo/a b.rpm:HEAD');
  });
});

describe('finding the hash with one EXISTS', () => {
  const candidates = ['a/b/c.rpm', 'a/b', 'a'];

  it('repeats prefix i (longest first) i + 1 times', () => {
    expect(existsKeys(candidates)).toEqual(['a/b/c.rpm', 'a/b', 'a/b', 'a', 'a', 'a']);
    expect(existsKeys(['x'])).toEqual(['x']);
  });

  it('reads the count as the one prefix that exists', () => {
    expect(existingCandidate(candidates, 0)).toBeUndefined();
    expect(existingCandidate(candidates, 1)).toBe('a/b/c.rpm');
    expect(existingCandidate(candidates, 2)).toBe('a/b');
    expect(existingCandidate(candidates, 3)).toBe('a');
    // Only when hashes nest (left by base paths that are gone) can the count exceed the prefixes.
    expect(existingCandidate(candidates, 6)).toBeUndefined();
  });
});

describe('redirectTtl', () => {
  it('keeps a redirect no longer than its presigned URL leaves the client to follow it', () => {
    expect(redirectTtl(600, 3600)).toBe(600);
    expect(redirectTtl(600, 300)).toBe(240);
    expect(redirectTtl(null, 3600)).toBe(3540);
  });

  it('does not cache a redirect whose URL would expire before it is followed', () => {
    expect(redirectTtl(600, 60)).toBe(0);
    expect(redirectTtl(null, 30)).toBeLessThan(0);
  });

  it('keeps a redirect that does not expire as long as any entry', () => {
    expect(redirectTtl(600, undefined)).toBe(600);
    expect(redirectTtl(null, undefined)).toBeNull();
  });
});
