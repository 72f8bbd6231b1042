import { ConditionSyntaxError, evaluateCondition, parseConditionExpression } from './condition-expression';

const truth = (held: string[]) => (name: string) => Promise.resolve(held.includes(name));

describe('parseConditionExpression', () => {
  it('binds not tighter than and, and tighter than or', () => {
    expect(parseConditionExpression('a or b and not c')).toEqual({
      kind: 'or',
      left: { kind: 'condition', name: 'a' },
      right: {
        kind: 'and',
        left: { kind: 'condition', name: 'b' },
        right: { kind: 'not', operand: { kind: 'condition', name: 'c' } },
      },
    });
  });

  it('keeps condition arguments and honours parentheses', () => {
    expect(parseConditionExpression('(has_model_perms:core.view_task or x) AND y')).toEqual({
      kind: 'and',
      left: {
        kind: 'or',
        left: { kind: 'condition', name: 'has_model_perms:core.view_task' },
        right: { kind: 'condition', name: 'x' },
      },
      right: { kind: 'condition', name: 'y' },
    });
  });

  it.each([
    ['an empty expression', '', /empty/],
    ['a dangling operator', 'a and', /ends too early/],
    ['an unclosed parenthesis', '(a or b', /expected '\)' but found the end/],
    ['two conditions in a row', 'a b', /unexpected 'b'/],
    ['a leading operator', 'and a', /unexpected 'and'/],
    ['a lone closing parenthesis', ')', /unexpected '\)'/],
    ['40 nested parentheses', '('.repeat(40) + 'a' + ')'.repeat(40), /nested deeper than 32/],
    ['40 nots', 'not '.repeat(40) + 'a', /nested deeper than 32/],
    ['2,500 characters', 'a or '.repeat(500) + 'a', /longer than 2000/],
  ])('refuses %s', (_case, expression, message) => {
    expect(() => parseConditionExpression(expression)).toThrow(ConditionSyntaxError);
    expect(() => parseConditionExpression(expression)).toThrow(message);
  });

  it('parses a long flat chain without recursing on its length', () => {
    expect(() => parseConditionExpression(Array(300).fill('a').join(' or '))).not.toThrow();
  });
});

describe('evaluateCondition', () => {
  it('evaluates and, or, not', async () => {
    const tree = parseConditionExpression('a and (b or not c)');
    expect(await evaluateCondition(tree, truth(['a', 'b', 'c']))).toBe(true);
    expect(await evaluateCondition(tree, truth(['a']))).toBe(true);
    expect(await evaluateCondition(tree, truth(['a', 'c']))).toBe(false);
    expect(await evaluateCondition(tree, truth(['b']))).toBe(false);
  });

  it('short-circuits: a condition not needed is not asked', async () => {
    const asked: string[] = [];
    const check = (name: string) => {
      asked.push(name);
      return Promise.resolve(name === 'yes');
    };
    await evaluateCondition(parseConditionExpression('yes or costly'), check);
    await evaluateCondition(parseConditionExpression('no and costly'), check);
    expect(asked).toEqual(['yes', 'no']);
  });
});
