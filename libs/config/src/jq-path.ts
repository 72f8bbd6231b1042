/**
 * The subset of jq a header guard's `jq_filter` may use (we run no jq): one path expression.
 *
 * - `.` — the whole value;
 * - `.name` — an object's key (letters, digits, `_`, not starting with a digit);
 * - `."any key"`, `.["any key"]`, `["any key"]` — a key as a JSON string (after the first step the
 *   leading `.` of a bracket is optional, as in jq);
 * - `.[n]`, `[n]` — an array's element, counting from the end when negative;
 *
 * chained: `.identity.org_id`, `.a.b[0]`, `.["key with space"].x`. Whitespace around the filter is
 * ignored. Nothing else (pipes, `[]`, `?`, functions, comparisons) is supported.
 */
export type JqStep = { key: string } | { index: number };

/** What an unsupported filter is told. */
export const JQ_SUBSET =
  'Only jq path expressions are supported: ".", ".key", ".\\"key\\"", ".[\\"key\\"]", ".[0]" and chains of them ' +
  '(e.g. ".identity.org_id", ".a.b[0]", ".[\\"key with space\\"]").';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*/;
const INDEX = /^\[\s*(-?\d+)\s*\]/;
// A JSON string's extent; JSON.parse then refuses what JSON does not allow in one.
const STRING = /^"(?:[^"\\]|\\.)*"/;
const BRACKETED_STRING = /^\[\s*("(?:[^"\\]|\\.)*")\s*\]/;

/** The steps of a filter in the subset, or null when it is not one. */
export function parseJqPath(filter: string): JqStep[] | null {
  let rest = filter.trim();
  if (rest === '.') {
    return [];
  }
  if (rest === '') {
    return null;
  }
  const steps: JqStep[] = [];
  while (rest.length > 0) {
    const dotted = rest.startsWith('.');
    // A bracket needs no dot except as the very first step.
    if (!dotted && steps.length === 0) {
      return null;
    }
    const after = dotted ? rest.slice(1) : rest;
    const step = dotted ? (matchKey(after) ?? matchBracket(after)) : matchBracket(after);
    if (!step) {
      return null;
    }
    steps.push(step.step);
    rest = after.slice(step.length);
  }
  return steps;
}

function matchKey(text: string): { step: JqStep; length: number } | null {
  const identifier = IDENTIFIER.exec(text);
  if (identifier) {
    return { step: { key: identifier[0] }, length: identifier[0].length };
  }
  const string = STRING.exec(text);
  return string ? keyStep(string[0], string[0].length) : null;
}

function matchBracket(text: string): { step: JqStep; length: number } | null {
  const index = INDEX.exec(text);
  if (index) {
    return { step: { index: Number(index[1]) }, length: index[0].length };
  }
  const string = BRACKETED_STRING.exec(text);
  return string ? keyStep(string[1], string[0].length) : null;
}

function keyStep(literal: string, length: number): { step: JqStep; length: number } | null {
  try {
    return { step: { key: JSON.parse(literal) as string }, length };
  } catch {
    return null;
  }
}

/**
 * The value the steps lead to in a parsed JSON value, or undefined when they lead nowhere: a
 * missing key or element, a null on the way, or a step that does not fit the value (jq's error).
 */
export function applyJqPath(value: unknown, steps: readonly JqStep[]): unknown {
  let current: unknown = value;
  for (const step of steps) {
    if (current === null || current === undefined) {
      return undefined;
    }
    if ('key' in step) {
      if (typeof current !== 'object' || Array.isArray(current)) {
        return undefined;
      }
      current = Object.hasOwn(current, step.key) ? (current as Record<string, unknown>)[step.key] : undefined;
    } else {
      if (!Array.isArray(current)) {
        return undefined;
      }
      current = current.at(step.index);
    }
  }
  return current;
}
