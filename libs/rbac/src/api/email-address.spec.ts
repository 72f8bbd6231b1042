import { isEmailAddress } from './email-address';

describe('isEmailAddress (Django EmailValidator)', () => {
  it.each([
    'alice@example.com',
    'a.b+tag@sub.example.org',
    "o'brien@example.co",
    '"john..doe"@example.com',
    'root@localhost',
    'x@[127.0.0.1]',
    'x@[::1]',
    'joe@bücher.de',
  ])('takes %s', (value) => {
    expect(isEmailAddress(value)).toBe(true);
  });

  it.each([
    '',
    'alice',
    'alice@',
    '@example.com',
    'a..b@example.com',
    '.a@example.com',
    'alice@example',
    'alice@example.c',
    'alice@example.com-',
    'alice@-example.com',
    'alice@exa_mple.com',
    'alice@[300.1.1.1]',
    'alice smith@example.com',
    '"alice smith"@example.com',
    `${'a'.repeat(310)}@example.com`,
  ])('refuses %s', (value) => {
    expect(isEmailAddress(value)).toBe(false);
  });
});
