import { parseBasic } from './basic-credentials';

describe('parseBasic', () => {
  const header = (text: string) => `Basic ${Buffer.from(text, 'latin1').toString('base64')}`;

  it('splits user and password at the first colon', () => {
    expect(parseBasic(header('admin:pa:ss'))).toEqual({ username: 'admin', password: 'pa:ss' });
  });

  it('decodes latin-1 credentials', () => {
    expect(parseBasic(header('jörg:ñ'))).toEqual({ username: 'jörg', password: 'ñ' });
  });

  it('ignores other schemes and malformed values', () => {
    expect(parseBasic(undefined)).toBeNull();
    expect(parseBasic('Bearer abc')).toBeNull();
    expect(parseBasic(header('no-colon'))).toBeNull();
    expect(parseBasic('Basic !!!')).toBeNull();
  });
});
