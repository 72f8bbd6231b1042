import { csrfFailure, formTokenMatches, newCsrfSecret } from './csrf';

const CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A token masked as Django's get_token() masks it. */
function mask(secret: string, maskText = newCsrfSecret()): string {
  const cipher = [...secret]
    .map((char, i) => CHARS[(CHARS.indexOf(char) + CHARS.indexOf(maskText[i])) % CHARS.length])
    .join('');
  return maskText + cipher;
}

describe('csrfFailure', () => {
  const secret = newCsrfSecret();

  it('lets safe methods through without a token', () => {
    expect(csrfFailure('GET', undefined, undefined, secret)).toBeNull();
    expect(csrfFailure('HEAD', undefined, undefined, secret)).toBeNull();
  });

  it('accepts the secret, plain or masked, in header and cookie', () => {
    expect(csrfFailure('POST', secret, secret, secret)).toBeNull();
    expect(csrfFailure('DELETE', mask(secret), mask(secret), secret)).toBeNull();
  });

  it.each([
    ['no cookie', secret, undefined, 'CSRF Failed: CSRF cookie not set.'],
    ['no header', undefined, 'x', 'CSRF Failed: CSRF token missing.'],
    ['another token', newCsrfSecret(), 'x', 'CSRF Failed: CSRF token incorrect.'],
    ['a token of a wrong length', 'abc', 'x', 'CSRF Failed: CSRF token incorrect.'],
    ['a token with other characters', `${'-'.repeat(32)}`, 'x', 'CSRF Failed: CSRF token incorrect.'],
  ])('refuses an unsafe method with %s', (_case, header, cookie, message) => {
    expect(csrfFailure('PATCH', header, cookie === 'x' ? secret : cookie, secret)).toBe(message);
  });

  it('refuses a cookie that is not the session’s', () => {
    expect(csrfFailure('POST', secret, newCsrfSecret(), secret)).toBe('CSRF Failed: CSRF token incorrect.');
  });
});

describe('formTokenMatches', () => {
  it('matches the posted field against the cookie', () => {
    const cookie = newCsrfSecret();
    expect(formTokenMatches(cookie, cookie)).toBe(true);
    expect(formTokenMatches(mask(cookie), cookie)).toBe(true);
    expect(formTokenMatches(newCsrfSecret(), cookie)).toBe(false);
    expect(formTokenMatches(cookie, undefined)).toBe(false);
    expect(formTokenMatches(['a'], cookie)).toBe(false);
  });
});
