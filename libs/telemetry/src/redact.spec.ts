import { redactQuery, redactQueryValues } from './redact';

describe('redactQueryValues', () => {
  it('replaces every query value of the URLs a message quotes, and nothing else', () => {
    expect(redactQueryValues('404 Not Found for https://cdn.example/f?Signature=abc&Expires=1#top, retrying')).toBe(
      '404 Not Found for https://cdn.example/f?Signature=REDACTED&Expires=REDACTED#top, retrying',
    );
  });

  it('leaves a URL without a query as it is', () => {
    expect(redactQueryValues('https://cdn.example/a=b/file')).toBe('https://cdn.example/a=b/file');
  });
});

describe('redactQuery', () => {
  it('replaces the values of a bare query string, keeping names and valueless flags', () => {
    expect(redactQuery('token=s3cret&limit=10&flag')).toBe('token=REDACTED&limit=REDACTED&flag');
  });
});
