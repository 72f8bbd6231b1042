import { parseCookies, serializeCookie } from './cookies';

describe('cookies', () => {
  it('parses a Cookie header, first value winning', () => {
    expect([...parseCookies('sessionid=abc; csrftoken=x=y;junk; sessionid=def')]).toEqual([
      ['sessionid', 'abc'],
      ['csrftoken', 'x=y'],
    ]);
    expect(parseCookies(undefined).size).toBe(0);
  });

  it('writes HttpOnly, Secure and SameSite=Lax as asked', () => {
    const cookie = serializeCookie('sessionid', 'k', { maxAge: 60, httpOnly: true, secure: true });
    expect(cookie).toMatch(/^sessionid=k; expires=.* GMT; Max-Age=60; Path=\/; SameSite=Lax; HttpOnly; Secure$/);
    expect(serializeCookie('csrftoken', 't', { maxAge: 0, httpOnly: false, secure: false })).toBe(
      'csrftoken=t; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax',
    );
  });
});
