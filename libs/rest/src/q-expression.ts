/** A parsed `q` expression: filter terms combined with NOT, AND and OR. */
export type QNode =
  | { kind: 'term'; filter: string; value: string }
  | { kind: 'not'; operand: QNode }
  | { kind: 'and' | 'or'; left: QNode; right: QNode };

/** A `q` value Pulp would refuse; the message is Pulp's. */
export class QSyntaxError extends Error {}

/** Pulp's limit: one per filter term plus one per operator. */
export const MAX_COMPLEXITY = 8;

/** How deep parentheses may nest: enough for any expression within MAX_COMPLEXITY, and no deep recursion. */
export const MAX_NESTING = 2 * MAX_COMPLEXITY;

type Token = { kind: 'open' | 'close' } | { kind: 'operator'; name: 'AND' | 'OR' | 'NOT' } | QNode;

const NAME = /[A-Za-z0-9_]/;
const BARE_VALUE = /[A-Za-z0-9.,_*\-\u00C0-\u00FF]/;

/**
 * Parses `q` (`name=foo AND NOT (state=failed OR state="canceled")`): NOT binds tighter than AND,
 * AND tighter than OR; values are bare words or quoted with `"` or `'`.
 */
export function parseQ(text: string): QNode {
  const tokens = tokenize(text);
  // Every term and operator adds one to the complexity: refuse a long expression before building its tree.
  if (tokens.filter((token) => token.kind !== 'open' && token.kind !== 'close').length > MAX_COMPLEXITY) {
    throw complexityError();
  }
  let at = 0;
  const peek = () => tokens[at];
  const isOperator = (name: string) => {
    const token = peek();
    return token?.kind === 'operator' && token.name === name;
  };
  const binary = (name: 'AND' | 'OR', operand: () => QNode): QNode => {
    let left = operand();
    while (isOperator(name)) {
      at++;
      left = { kind: name === 'AND' ? 'and' : 'or', left, right: operand() };
    }
    return left;
  };
  const unary = (): QNode => {
    const token = tokens[at++];
    if (token?.kind === 'operator' && token.name === 'NOT') {
      return { kind: 'not', operand: unary() };
    }
    if (token?.kind === 'open') {
      const inner = binary('OR', () => binary('AND', unary));
      if (tokens[at++]?.kind !== 'close') {
        throw syntaxError();
      }
      return inner;
    }
    if (token?.kind === 'term') {
      return token;
    }
    throw syntaxError();
  };
  const tree = binary('OR', () => binary('AND', unary));
  if (at !== tokens.length) {
    throw syntaxError();
  }
  return tree;
}

function complexityError(): QSyntaxError {
  return new QSyntaxError('Filter expression exceeds allowed complexity.');
}

function syntaxError(): QSyntaxError {
  return new QSyntaxError('Syntax error in expression.');
}

/** The tokens of `text`; parentheses nested deeper than MAX_NESTING are refused as too complex. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  let depth = 0;
  while (at < text.length) {
    const char = text[at];
    if (/\s/.test(char)) {
      at++;
    } else if (char === '(' || char === ')') {
      depth += char === '(' ? 1 : -1;
      if (depth > MAX_NESTING) {
        throw complexityError();
      }
      tokens.push({ kind: char === '(' ? 'open' : 'close' });
      at++;
    } else if (NAME.test(char)) {
      let end = at;
      while (end < text.length && NAME.test(text[end])) {
        end++;
      }
      const word = text.slice(at, end);
      if (text[end] !== '=') {
        const operator = word.toUpperCase();
        if (operator !== 'AND' && operator !== 'OR' && operator !== 'NOT') {
          throw syntaxError();
        }
        tokens.push({ kind: 'operator', name: operator });
        at = end;
        continue;
      }
      const [value, next] = readValue(text, end + 1);
      tokens.push({ kind: 'term', filter: word, value });
      at = next;
    } else {
      throw syntaxError();
    }
  }
  return tokens;
}

/** A value after `=`: quoted (any characters up to the matching quote) or a bare word. */
function readValue(text: string, at: number): [string, number] {
  const quote = text[at];
  if (quote === '"' || quote === "'") {
    const end = text.indexOf(quote, at + 1);
    if (end < 0) {
      throw syntaxError();
    }
    return [text.slice(at + 1, end), end + 1];
  }
  let end = at;
  while (end < text.length && BARE_VALUE.test(text[end])) {
    end++;
  }
  if (end === at) {
    throw syntaxError();
  }
  return [text.slice(at, end), end];
}
