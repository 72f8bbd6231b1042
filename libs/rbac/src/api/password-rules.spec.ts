import { passwordProblems } from './password-rules';

describe('passwordProblems', () => {
  it('takes a password of 8 characters that is not only digits', () => {
    expect(passwordProblems('abcd1234')).toEqual([]);
    expect(passwordProblems('ééééèèèè')).toEqual([]);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(passwordProblems('😀😀😀😀')).toEqual([
      'This password is too short. It must contain at least 8 characters.',
    ]);
  });

  it('says every problem, as Django does', () => {
    expect(passwordProblems('1234')).toEqual([
      'This password is too short. It must contain at least 8 characters.',
      'This password is entirely numeric.',
    ]);
    expect(passwordProblems('123456789')).toEqual(['This password is entirely numeric.']);
  });
});
