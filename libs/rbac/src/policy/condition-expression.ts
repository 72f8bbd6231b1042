/**
 * drf-access-policy's `condition_expression`: condition names (`has_model_perms:core.view_task`)
 * joined by `and`, `or`, `not` and parentheses (`not` binds tightest, then `and`, then `or`).
 * Parsing is bounded: an expression longer than MAX_LENGTH or nested deeper than MAX_DEPTH is refused.
 */
export type ConditionNode =
  | { kind: 'condition'; name: string }
  | { kind: 'not'; operand: ConditionNode }
  | { kind: 'and' | 'or'; left: ConditionNode; right: ConditionNode };

export class ConditionSyntaxError extends Error {}

const MAX_LENGTH = 2000;
const MAX_DEPTH = 32;
const TOKEN = /\s*(\(|\)|[^\s()]+)/y;

function tokenize(expression: string): string[] {
  if (expression.length > MAX_LENGTH) {
    throw new ConditionSyntaxError(`condition_expression longer than ${MAX_LENGTH} characters`);
  }
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = TOKEN.exec(expression)) !== null) {
    tokens.push(match[1]);
  }
  if (tokens.length === 0) {
    throw new ConditionSyntaxError('empty condition_expression');
  }
  return tokens;
}

/** The tree of an expression; throws ConditionSyntaxError naming what is wrong. */
export function parseConditionExpression(expression: string): ConditionNode {
  const tokens = tokenize(expression);
  let position = 0;
  const peek = () => tokens[position];
  const expect = (what: string) => {
    const token = tokens[position++];
    if (token !== what) {
      throw new ConditionSyntaxError(`expected '${what}' but found ${token === undefined ? 'the end' : `'${token}'`}`);
    }
  };
  const nested = (depth: number) => {
    if (depth > MAX_DEPTH) {
      throw new ConditionSyntaxError(`condition_expression nested deeper than ${MAX_DEPTH}`);
    }
    return depth + 1;
  };
  const or = (depth: number): ConditionNode => {
    let left = and(depth);
    while (peek()?.toLowerCase() === 'or') {
      position += 1;
      left = { kind: 'or', left, right: and(depth) };
    }
    return left;
  };
  const and = (depth: number): ConditionNode => {
    let left = unary(depth);
    while (peek()?.toLowerCase() === 'and') {
      position += 1;
      left = { kind: 'and', left, right: unary(depth) };
    }
    return left;
  };
  const unary = (depth: number): ConditionNode => {
    const token = tokens[position++];
    if (token === undefined) {
      throw new ConditionSyntaxError('condition_expression ends too early');
    }
    const word = token.toLowerCase();
    if (word === 'not') {
      return { kind: 'not', operand: unary(nested(depth)) };
    }
    if (token === '(') {
      const inner = or(nested(depth));
      expect(')');
      return inner;
    }
    if (token === ')' || word === 'and' || word === 'or') {
      throw new ConditionSyntaxError(`unexpected '${token}'`);
    }
    return { kind: 'condition', name: token };
  };
  const tree = or(0);
  if (position < tokens.length) {
    throw new ConditionSyntaxError(`unexpected '${tokens[position]}'`);
  }
  return tree;
}

/** Evaluates a tree, asking `check` about each condition it needs (left to right, short-circuiting). */
export async function evaluateCondition(
  node: ConditionNode,
  check: (name: string) => Promise<boolean>,
): Promise<boolean> {
  switch (node.kind) {
    case 'condition':
      return check(node.name);
    case 'not':
      return !(await evaluateCondition(node.operand, check));
    case 'and':
      return (await evaluateCondition(node.left, check)) && evaluateCondition(node.right, check);
    case 'or':
      return (await evaluateCondition(node.left, check)) || evaluateCondition(node.right, check);
  }
}
