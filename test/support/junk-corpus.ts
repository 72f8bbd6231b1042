/**
 * A fixed corpus of hostile input for the schema-wide sweeps (query parameters and request bodies):
 * whatever a client sends, the server must answer without a 5xx and without leaking a database or
 * JavaScript message. Fixed, not random, so a failure replays exactly.
 */

/** Names every plain JavaScript object inherits: a lookup by one of them must not find anything. */
export const PROTOTYPE_NAMES = [
  'constructor',
  '__proto__',
  'hasOwnProperty',
  'toString',
  'valueOf',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupGetter__',
] as const;

/** Nested parentheses around one term: `((((name=x))))`. */
export function nestedParens(depth: number, inner = 'name=x'): string {
  return `${'('.repeat(depth)}${inner}${')'.repeat(depth)}`;
}

/**
 * `value` as a query-string component; a lone surrogate (which encodeURIComponent refuses) is sent as
 * the bytes UTF-8 forbids for it, as a hostile client would.
 */
export function queryComponent(value: string): string {
  return Array.from(value, (char) => (/^[\uD800-\uDFFF]$/.test(char) ? '%ED%A0%80' : encodeURIComponent(char))).join(
    '',
  );
}

/** A junk value for a query parameter or a text field, with a name that says what it is. */
export interface JunkString {
  name: string;
  value: string;
}

/**
 * Strings that databases, number parsers and regex engines choke on. Each fits in a URL (Node refuses
 * a request head over 16 KB with 431 before any parser sees it); bodies carry bigger ones
 * (test/support/junk-bodies.ts).
 */
export const JUNK_STRINGS: readonly JunkString[] = [
  { name: 'NUL', value: 'a\u0000b' },
  { name: 'only NUL', value: '\u0000' },
  { name: 'huge integer', value: '99999999999999999999' },
  { name: 'negative huge integer', value: '-99999999999999999999' },
  { name: 'beyond int64', value: '9223372036854775808' },
  { name: 'beyond int32', value: '2147483648' },
  { name: 'above 2^53', value: '9007199254740993' },
  { name: 'exponent', value: '1e309' },
  { name: 'negative', value: '-1' },
  { name: 'fraction', value: '1.5' },
  { name: 'NaN', value: 'NaN' },
  { name: 'Infinity', value: 'Infinity' },
  { name: 'empty array text', value: '[]' },
  { name: 'object text', value: '{"a":1}' },
  { name: 'boolean text', value: 'true' },
  { name: 'null text', value: 'null' },
  { name: '8k characters', value: 'x'.repeat(8_000) },
  { name: 'many commas', value: ','.repeat(3_000) },
  { name: 'deep parens', value: nestedParens(4_000) },
  { name: 'regex backtracking', value: '(a+)+$' },
  { name: 'backtracking subject', value: `${'a'.repeat(8_000)}!` },
  { name: 'unclosed quote', value: '"unterminated' },
  { name: 'percent and underscore', value: '%_\\' },
  { name: 'SQL quote', value: "'; DROP TABLE core_task; --" },
  { name: 'lone surrogate', value: '\uD800' },
  { name: 'emoji', value: '\u{1F4A9}' },
  { name: 'href of nothing', value: '/pulp/api/v3/tasks/00000000-0000-0000-0000-000000000000/' },
  { name: 'prn of nothing', value: 'prn:core.task:00000000-0000-0000-0000-000000000000' },
  { name: 'bad date', value: '2024-13-45T99:99:99Z' },
  { name: 'huge year', value: '99999-01-01T00:00:00Z' },
  ...PROTOTYPE_NAMES.map((name) => ({ name: `prototype name ${name}`, value: name })),
];

/** `q` values meant to break its parser: depth, length and prototype names as filter names. */
export const JUNK_Q: readonly JunkString[] = [
  { name: 'q deep parens', value: nestedParens(4_000) },
  { name: 'q deep NOT', value: `${'NOT '.repeat(1_500)}name=x` },
  { name: 'q long AND chain', value: Array.from({ length: 500 }, () => 'name=x').join(' AND ') },
  { name: 'q 8k value', value: `name="${'x'.repeat(8_000)}"` },
  { name: 'q unbalanced', value: `${'('.repeat(4_000)}name=x` },
  { name: 'q NUL value', value: 'name="a\u0000b"' },
  ...PROTOTYPE_NAMES.filter((name) => /^\w+$/.test(name)).map((name) => ({
    name: `q prototype filter ${name}`,
    value: `${name}="x"`,
  })),
];

/**
 * What a client must never read: PostgreSQL's and node-postgres' messages, JavaScript's own errors
 * and stack traces. Returns the first such text in `body`, or undefined.
 */
export function leakedInternals(body: string): string | undefined {
  return LEAKS.map((pattern) => pattern.exec(body)?.[0]).find((found) => found !== undefined);
}

const LEAKS: readonly RegExp[] = [
  /invalid input syntax/i,
  /violates [a-z ]*constraint/i,
  /duplicate key/i,
  /0x00/,
  /\bbtree\b/i,
  /out of range for type/i,
  /value too long for type/i,
  /invalid byte sequence/i,
  /unsupported Unicode escape sequence/i,
  /syntax error at or near/i,
  /index row (size|requires)/i,
  /QueryFailedError|DatabaseError|TypeORMError/,
  /relation "[^"]+" does not exist/i,
  /column "[^"]+" does not exist/i,
  /Cannot read propert(y|ies) of/,
  /undefined is not/,
  /\b(TypeError|RangeError|SyntaxError): /,
  /is not a function/,
  /is not iterable/,
  /Maximum call stack size exceeded/,
  /\bat [\w.<>]+ \([^)]*:\d+:\d+\)/,
  /node_modules\//,
  /\bdist\/(apps|libs|src|plugins)\//,
];
