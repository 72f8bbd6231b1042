import { ValidateBy } from 'class-validator';

/**
 * What the columns a request's values land in can hold, checked at the edge so that PostgreSQL
 * never refuses a value (a 500 with its own words) and never silently keeps another one:
 * - text and jsonb refuse NUL anywhere (keys of a JSON object included);
 * - `integer` holds 32 bits; `bigint` more than a JavaScript number holds exactly, so a bigint
 *   column takes what JSON parsing keeps exact (up to 2^53 − 1) rather than a rounded value;
 * - a btree index refuses an entry above about 2.7 kB: indexed text (names, paths) has a length
 *   limit, in characters, that holds with 4-byte UTF-8 characters.
 */
export const NULL_CHARACTERS = 'Null characters are not allowed.';

/** PostgreSQL's integer types, exactly: what a filter's whole number (read as a bigint) must fit. */
export const INTEGER_RANGES = {
  integer: { min: -(2n ** 31n), max: 2n ** 31n - 1n },
  bigint: { min: -(2n ** 63n), max: 2n ** 63n - 1n },
} as const;

export type IntegerColumn = keyof typeof INTEGER_RANGES;

export const COLUMNS = {
  integer: { min: Number(INTEGER_RANGES.integer.min), max: Number(INTEGER_RANGES.integer.max) },
  bigint: { min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER },
  /** Names unique per domain (repositories, remotes, distributions, guards…). */
  name: { maxLength: 255 },
  /** A distribution's base path: unique, and the first part of every URL the content app serves. */
  basePath: { maxLength: 255 },
  /** Where a file is served below a distribution (indexed; with a base path within a URL the content app reads). */
  relativePath: { maxLength: 512 },
} as const;

export type ColumnKind = keyof typeof COLUMNS;

/** The class-validator constraint LandsIn registers (PartialType and OmitType carry it to derived DTOs). */
export const LANDS_IN = 'landsIn';

/**
 * Declares the column a DTO field lands in when it is not what its type implies (an integer field
 * lands in an `integer` column unless declared `bigint`; text has no length limit unless declared
 * indexed): its value is checked against the column, with DRF's messages.
 */
export function LandsIn(column: ColumnKind): PropertyDecorator {
  return ValidateBy({
    name: LANDS_IN,
    constraints: [column],
    validator: {
      validate: (value) => columnProblem(column, value) === undefined,
      defaultMessage: (args) => columnProblem(column, args?.value) ?? '',
    },
  });
}

/** True when a string anywhere in `value` (object keys included) holds a NUL character. */
export function holdsNul(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') {
      if (next.includes('\u0000')) {
        return true;
      }
    } else if (Array.isArray(next)) {
      pending.push(...(next as unknown[]));
    } else if (next !== null && typeof next === 'object') {
      for (const [key, entry] of Object.entries(next)) {
        pending.push(key, entry);
      }
    }
  }
  return false;
}

/**
 * Why `value` cannot land in a column of `kind` (DRF's words), or undefined when it can. Only
 * what the column refuses is judged: the field's own type checks come first, elsewhere.
 */
export function columnProblem(kind: ColumnKind, value: unknown): string | undefined {
  const limits: { min?: number; max?: number; maxLength?: number } = COLUMNS[kind];
  if (typeof value === 'number' && limits.min !== undefined && limits.max !== undefined) {
    return rangeProblem(value, limits.min, limits.max);
  }
  if (typeof value === 'string' && limits.maxLength !== undefined && [...value].length > limits.maxLength) {
    return `Ensure this field has no more than ${limits.maxLength} characters.`;
  }
  return undefined;
}

/** The message for a whole number outside `column`'s range, or undefined when it fits. */
export function integerRangeProblem(value: bigint, column: IntegerColumn): string | undefined {
  const { min, max } = INTEGER_RANGES[column];
  return rangeProblem(value, min, max);
}

function rangeProblem<T extends number | bigint>(value: T, min: T, max: T): string | undefined {
  if (value > max) {
    return `Ensure this value is less than or equal to ${max}.`;
  }
  return value < min ? `Ensure this value is greater than or equal to ${min}.` : undefined;
}
