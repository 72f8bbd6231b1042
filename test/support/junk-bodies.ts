/**
 * A fixed corpus of junk request bodies for the write-side sweep (test/write-junk.e2e-spec.ts):
 * values PostgreSQL would refuse (NUL, integers beyond a column, strings beyond an index), values
 * of the wrong type, names of the JavaScript object prototype, bodies that are no object, and
 * malformed multipart. Each body is built from an operation's request schema, so a new endpoint is
 * covered without anyone writing a new test.
 */

/** A property of a request component, as the served schema declares it. */
export interface SchemaProperty {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  readOnly?: boolean;
}

/** A body ready to send: its raw text (JSON may hold numbers JSON.stringify cannot write) and type. */
export interface JunkBody {
  name: string;
  contentType: string;
  payload: string | Buffer;
}

/** Deterministic text that does not compress (a compressed value would still fit in a btree index). */
export function incompressible(length: number): string {
  let state = 0x2545f491;
  let text = '';
  while (text.length < length) {
    state = (state * 1103515245 + 12345) >>> 0;
    text += (state >>> 8).toString(36);
  }
  return text.slice(0, length);
}

const HUGE = incompressible(100_000);

/** A JSON value written as raw text, so that `1e400` or a 20-digit integer reaches the server as sent. */
class Raw {
  constructor(readonly text: string) {}
}

type Junk = unknown;

/** Junk for one kind of field: each entry becomes one body, where every field of that kind holds it. */
const BY_KIND: Record<string, Junk[]> = {
  string: ['\u0000', 'a\u0000b', HUGE, 12, { a: 1 }, ['x'], true],
  href: ['\u0000', HUGE, null, 12, { pulp_href: 'x' }, '/pulp/api/v3/../../etc/passwd', 'toString', ''],
  integer: [
    new Raw('9223372036854775808'),
    new Raw('-9223372036854775809'),
    new Raw('9007199254740993'),
    new Raw('1e400'),
    1.5,
    '12x',
    '\u0000',
    [1],
  ],
  number: [new Raw('1e400'), new Raw('-1e400'), '\u0000', 'NaN', 'Infinity', { a: 1 }],
  boolean: ['maybe', 2, '\u0000', [true]],
  object: [
    new Raw('{"__proto__": {"polluted": "yes"}}'),
    { constructor: 'x', hasOwnProperty: 'y', toString: 'z' },
    { 'a\u0000': 'b' },
    { a: 'b\u0000' },
    { a: HUGE },
    { [HUGE.slice(0, 10_000)]: 'b' },
    'not an object',
    ['x'],
  ],
  array: [['\u0000'], [HUGE], [new Raw('{"__proto__": 1}')], [null], 'not a list', 1, { a: 1 }],
};

/** The kind of junk a property gets, from its declared type and format. */
function kindOf(property: SchemaProperty): string {
  const types = Array.isArray(property.type) ? property.type : [property.type];
  if (types.includes('integer')) {
    return 'integer';
  }
  if (types.includes('number')) {
    return 'number';
  }
  if (types.includes('boolean')) {
    return 'boolean';
  }
  if (types.includes('array')) {
    return 'array';
  }
  if (types.includes('object')) {
    return 'object';
  }
  return property.format === 'uri' ? 'href' : 'string';
}

function toJson(value: Junk): string {
  if (value instanceof Raw) {
    return value.text;
  }
  if (Array.isArray(value)) {
    return `[${value.map(toJson).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, entry]) => `${JSON.stringify(key)}:${toJson(entry)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A junk value as a form or multipart field: text (objects and lists as JSON, as clients send them). */
function toText(value: Junk): string {
  return typeof value === 'string' ? value : toJson(value);
}

/** Bodies that are no object, or objects keyed by the prototype's names, or no JSON at all. */
const SHAPELESS: Array<[string, string]> = [
  ['a list', '[]'],
  ['a string', '"x"'],
  ['a number', '1e400'],
  ['null', 'null'],
  ['true', 'true'],
  ['__proto__ key', '{"__proto__": {"name": "polluted"}}'],
  ['prototype keys', '{"constructor": {"prototype": {"x": 1}}, "hasOwnProperty": 1, "toString": "x", "valueOf": 1}'],
  ['broken JSON', '{"name": '],
  ['NUL key', '{"\\u0000": 1}'],
  ['deep nesting', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
];

/**
 * The junk bodies for an operation whose request component has `properties`: for each kind and
 * junk value, every field of that kind holds it (the others hold the first junk of their own
 * kind, so nothing in the body is valid), as JSON (the first junk of each kind also as form fields
 * and multipart, when the operation takes them); then the shapeless bodies.
 */
export function junkBodies(properties: Record<string, SchemaProperty>, contentTypes: string[]): JunkBody[] {
  const fields = Object.entries(properties).filter(([, property]) => !property.readOnly);
  const bodies: JunkBody[] = [];
  const json = contentTypes.includes('application/json');
  const form = contentTypes.includes('application/x-www-form-urlencoded');
  const multipart = contentTypes.includes('multipart/form-data');
  for (const [kind, values] of Object.entries(BY_KIND)) {
    if (!fields.some(([, property]) => kindOf(property) === kind)) {
      continue;
    }
    for (const [index, value] of values.entries()) {
      const body = fields.map(([name, property]): [string, Junk] => [
        name,
        kindOf(property) === kind ? value : BY_KIND[kindOf(property)][0],
      ]);
      const name = `${kind} #${index}`;
      if (json) {
        bodies.push({
          name: `${name} (JSON)`,
          contentType: 'application/json',
          payload: `{${body.map(([key, entry]) => `${JSON.stringify(key)}:${toJson(entry)}`).join(',')}}`,
        });
      }
      // Forms and multipart become the same bodies as JSON: the first junk of each kind shows they are checked alike.
      if (form && index === 0) {
        bodies.push({
          name: `${name} (form)`,
          contentType: 'application/x-www-form-urlencoded',
          payload: new URLSearchParams(body.map(([key, entry]): [string, string] => [key, toText(entry)])).toString(),
        });
      }
      if (multipart && index === 0) {
        bodies.push(
          multipartBody(
            `${name} (multipart)`,
            body.map(([key, entry]) => [key, toText(entry)]),
          ),
        );
      }
    }
  }
  if (json) {
    bodies.push(
      ...SHAPELESS.map(([name, payload]) => ({ name: `${name} (JSON)`, contentType: 'application/json', payload })),
    );
  }
  if (form) {
    bodies.push({
      name: 'prototype keys (form)',
      contentType: 'application/x-www-form-urlencoded',
      payload: '__proto__=x&__proto__=y&constructor=1&hasOwnProperty=2',
    });
  }
  if (multipart) {
    bodies.push(...malformedMultipart());
  }
  return bodies;
}

const BOUNDARY = 'junk-boundary-7d3';

function multipartBody(name: string, fields: Array<[string, string]>, file?: string): JunkBody {
  const parts = fields.map(
    ([key, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${value}\r\n`,
  );
  if (file !== undefined) {
    parts.push(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="junk.bin"\r\n` +
        `Content-Type: application/octet-stream\r\n\r\n${file}\r\n`,
    );
  }
  return {
    name,
    contentType: `multipart/form-data; boundary=${BOUNDARY}`,
    payload: Buffer.from(`${parts.join('')}--${BOUNDARY}--\r\n`),
  };
}

/** Multipart bodies no parser should take: truncated, without boundary, unterminated, nameless, prototype-named. */
function malformedMultipart(): JunkBody[] {
  const type = `multipart/form-data; boundary=${BOUNDARY}`;
  return [
    { name: 'multipart without boundary', contentType: 'multipart/form-data', payload: Buffer.from('abc') },
    { name: 'multipart, wrong boundary', contentType: type, payload: Buffer.from('--other\r\n\r\nx\r\n--other--\r\n') },
    {
      name: 'multipart, truncated',
      contentType: type,
      payload: Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nabc`),
    },
    {
      name: 'multipart, part without name',
      contentType: type,
      payload: Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--${BOUNDARY}--\r\n`),
    },
    multipartBody('multipart, prototype names', [
      ['__proto__', 'x'],
      ['constructor', 'y'],
      ['hasOwnProperty', 'z'],
    ]),
    multipartBody('multipart, a file part with NUL fields', [['relative_path', 'a\u0000b']], 'bytes'),
    multipartBody(
      'multipart, too many parts',
      Array.from({ length: 1500 }, (_, index): [string, string] => [`f${index}`, 'x']),
    ),
  ];
}
