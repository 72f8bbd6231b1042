import { envSettingPath, parseEnvValue } from './env-value';

describe('parseEnvValue', () => {
  it.each([
    ['60', 60],
    ['1.5', 1.5],
    ['true', true],
    ['false', false],
    ['null', null],
    ['"60"', '60'],
    ['plain text', 'plain text'],
    ['[a, "b"]', ['a', 'b']],
    ['{"k": 1}', { k: 1 }],
    ['', ''],
    ['@int 5', 5],
    ['@bool yes', true],
    ['@bool off', false],
    ['@json {"a": [1]}', { a: [1] }],
    ['@none', null],
    ['@str 007', '007'],
    ['p@ss[word', 'p@ss[word'],
    ['pa #ss', 'pa #ss'],
    ['!secret', '!secret'],
    ['&anchor', '&anchor'],
    ["'quoted #x'", 'quoted #x'],
  ])('%j → %j', (raw, expected) => {
    expect(parseEnvValue(raw)).toEqual(expected);
  });

  it('refuses a converter whose value does not convert', () => {
    expect(() => parseEnvValue('@int many')).toThrow('"many" is not a number');
  });
});

describe('envSettingPath', () => {
  it('splits nested keys, upper-cases the setting and keeps nested case', () => {
    expect(envSettingPath('PULP_DATABASES__default__HOST')).toEqual(['DATABASES', 'default', 'HOST']);
    expect(envSettingPath('PULP_worker_ttl')).toEqual(['WORKER_TTL']);
  });

  it('ignores other variables and empty keys', () => {
    expect(envSettingPath('HOME')).toBeNull();
    expect(envSettingPath('PULP_')).toBeNull();
    expect(envSettingPath('PULP_A____B')).toBeNull();
  });
});
