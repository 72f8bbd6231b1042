import { domainNameProblems } from './domain-names';

describe('domainNameProblems', () => {
  it('takes slugs up to 50 characters', () => {
    expect(domainNameProblems('team-a_1')).toEqual([]);
    expect(domainNameProblems('x'.repeat(50))).toEqual([]);
  });

  it("refuses what is not a slug, or longer, with DRF's messages", () => {
    expect(domainNameProblems('a b')).toEqual([
      'Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.',
    ]);
    expect(domainNameProblems('x'.repeat(51))).toEqual(['Ensure this field has no more than 50 characters.']);
    expect(domainNameProblems('ü'.repeat(51))).toHaveLength(2);
  });

  it('refuses the names Pulp routes itself, in any case', () => {
    expect(domainNameProblems('api')).toEqual(["Name can not be 'api' or 'content'."]);
    expect(domainNameProblems('Content')).toEqual(["Name can not be 'api' or 'content'."]);
  });
});
