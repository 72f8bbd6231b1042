/** Django's ProhibitNullCharactersValidator: PostgreSQL cannot store a NUL in text. */
export const NULL_CHARACTERS = 'Null characters are not allowed.';

export function hasNullCharacter(value: string): boolean {
  return value.includes('\u0000');
}

/** PostgreSQL's integer types, by the range a value must fit (DRF's messages when it does not). */
export const INTEGER_RANGES = {
  integer: { min: -(2n ** 31n), max: 2n ** 31n - 1n },
  bigint: { min: -(2n ** 63n), max: 2n ** 63n - 1n },
} as const;

export type IntegerColumn = keyof typeof INTEGER_RANGES;

/** The message for a whole number outside `column`'s range, or undefined when it fits. */
export function integerRangeProblem(value: bigint, column: IntegerColumn): string | undefined {
  const { min, max } = INTEGER_RANGES[column];
  if (value > max) {
    return `Ensure this value is less than or equal to ${max}.`;
  }
  return value < min ? `Ensure this value is greater than or equal to ${min}.` : undefined;
}
