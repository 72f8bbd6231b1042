import 'reflect-metadata';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { PulpValidationError } from '@pulp/errors';
import { columnProblem, holdsNul, LANDS_IN, NULL_CHARACTERS, type ColumnKind } from '../column-values';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any DTO class.
type DtoClass<T> = new (...args: any[]) => T;

/** DRF's wording for class-validator's built-in constraints: clients and users see Pulp's messages. */
const MESSAGES: Partial<Record<string, (constraints: unknown[], value: unknown) => string>> = {
  isInt: () => 'A valid integer is required.',
  isNumber: () => 'A valid number is required.',
  isBoolean: () => 'Must be a valid boolean.',
  isString: () => 'Not a valid string.',
  isNotEmpty: () => 'This field may not be blank.',
  // DRF checks blankness before length.
  minLength: ([limit], value) =>
    value === '' ? 'This field may not be blank.' : `Ensure this field has at least ${String(limit)} characters.`,
  min: ([limit]) => `Ensure this value is greater than or equal to ${String(limit)}.`,
  max: ([limit]) => `Ensure this value is less than or equal to ${String(limit)}.`,
  isIn: (_constraints, value) => `"${String(value)}" is not a valid choice.`,
  isEnum: (_constraints, value) => `"${String(value)}" is not a valid choice.`,
  isArray: (_constraints, value) => `Expected a list of items but got type "${pythonType(value)}".`,
  isObject: (_constraints, value) => `Expected a dictionary of items but got type "${pythonType(value)}".`,
  maxLength: ([limit]) => `Ensure this field has no more than ${String(limit)} characters.`,
};

/**
 * How libs/http's form and multipart parsers mark the bodies they built (a registered symbol, so
 * this file needs no import from there): only those carry text for every value.
 */
const FORM_BODY = Symbol.for('pulp.form-body');

/** Type checks, the container's first: a dict given for a list of strings is "not a list", not "not a string". */
const TYPE_CONSTRAINTS = ['isArray', 'isObject', 'isInt', 'isNumber', 'isBoolean', 'isString'];

/**
 * Turns a request body (JSON, or form/multipart fields, which arrive as strings) into a validated
 * DTO, or throws Pulp's 400 body: unknown keys are "Unexpected field", a missing required field
 * "This field is required.", and each constraint in DRF's words. A field is required unless it
 * carries `@IsOptional()`; it takes null if its schema property is nullable. Every value is
 * also checked against the column it lands in (column-values.ts): no NUL anywhere, integers within
 * their column's range, indexed text within its length.
 */
export function parseBody<T extends object>(dto: DtoClass<T>, raw: unknown): T {
  if (raw === null) {
    // DRF's words for a JSON `null` body.
    throw new PulpValidationError({ non_field_errors: ['No data provided'] });
  }
  const body = raw ?? {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new PulpValidationError({
      non_field_errors: [`Invalid data. Expected a dictionary, but got ${pythonType(body)}.`],
    });
  }
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  const known = new Set(metadata.map((entry) => entry.propertyName));
  const optional = new Set(
    metadata.filter((entry) => entry.type === 'conditionalValidation').map((e) => e.propertyName),
  );
  // A Map: body keys are the client's (`__proto__` is a key like any other).
  const errors = new Map<string, string[]>();
  const instance = new dto();
  const values = instance as Record<string, unknown>;
  const form = FORM_BODY in body;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (!known.has(key)) {
      errors.set(key, ['Unexpected field']);
      continue;
    }
    values[key] = form ? fromForm(value, declaredKind(dto, key, metadata)) : value;
  }
  for (const name of known) {
    if (!optional.has(name) && values[name] === undefined) {
      errors.set(name, ['This field is required.']);
    } else if (values[name] === null && (!optional.has(name) || !nullable(dto, name))) {
      errors.set(name, ['This field may not be null.']);
    }
  }
  const failed = new Map(validateSync(instance, { forbidUnknownValues: false }).map((e) => [e.property, e]));
  for (const name of known) {
    if (!errors.has(name)) {
      const messages = fieldMessages(failed.get(name), values[name], landsIn(name, metadata));
      if (messages) {
        errors.set(name, messages);
      }
    }
  }
  if (errors.size > 0) {
    throw new PulpValidationError(Object.fromEntries(errors));
  }
  return instance;
}

/**
 * A field's messages, as DRF orders them: a value of the wrong type gets only that; then NUL,
 * which no text or JSON column takes; then the field's own constraints; then its column's limits.
 */
function fieldMessages(
  error: ValidationError | undefined,
  value: unknown,
  column: ColumnKind | undefined,
): string[] | undefined {
  const messages = error ? messagesOf(error) : undefined;
  if (messages?.wrongType) {
    return messages.list;
  }
  if (holdsNul(value)) {
    return [NULL_CHARACTERS];
  }
  if (messages) {
    return messages.list;
  }
  const problem = column && columnProblem(column, value);
  return problem ? [problem] : undefined;
}

/**
 * Whether an optional field takes null: unless its schema property says it does not (no
 * `nullable: true`), as DRF's `allow_null`. A field the schema does not show takes null.
 */
function nullable(dto: { prototype: object }, name: string): boolean {
  const shown = Reflect.getMetadata(SCHEMA_PROPERTY, dto.prototype, name) as { nullable?: boolean } | undefined;
  return shown === undefined || shown.nullable === true;
}

/** Where @nestjs/swagger keeps a property's schema (ApiProperty; PartialType and OmitType copy it). */
const SCHEMA_PROPERTY = 'swagger/apiModelProperties';

/**
 * The column an undeclared field is checked against: an integer field's is `integer`. (A field
 * declared with LandsIn is checked by that constraint.)
 */
function landsIn(name: string, metadata: ValidationMetadata[]): ColumnKind | undefined {
  const constraints = new Set(metadata.filter((entry) => entry.propertyName === name).map((entry) => entry.name));
  return constraints.has('isInt') && !constraints.has(LANDS_IN) ? 'integer' : undefined;
}

/**
 * Form and multipart bodies carry every value as text: a number, boolean, list or object field gets
 * its value parsed as DRF does (lists and objects as JSON text; a list field given one plain value
 * holds that value). Text that does not parse stays text, so the field's own constraint reports it.
 */
function fromForm(value: unknown, kind: FieldKind): unknown {
  if (typeof value !== 'string') {
    return value;
  }
  if (kind === 'number' && value.trim() !== '' && !Number.isNaN(Number(value))) {
    return Number(value);
  }
  if (kind === 'boolean' && ['true', 'false', 'True', 'False', '1', '0'].includes(value)) {
    return ['true', 'True', '1'].includes(value);
  }
  if ((kind === 'list' || kind === 'object') && /^\s*[[{]/.test(value)) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  return kind === 'list' ? [value] : value;
}

type FieldKind = 'number' | 'boolean' | 'list' | 'object' | 'text';

/**
 * What a field holds, from its constraints first (a nullable `number | null` property is only an
 * Object to TypeScript's metadata), else from its declared type.
 */
function declaredKind(dto: object, key: string, metadata: ValidationMetadata[]): FieldKind {
  const constraints = new Set(metadata.filter((entry) => entry.propertyName === key).map((entry) => entry.name));
  const declared: unknown = Reflect.getMetadata('design:type', (dto as { prototype: object }).prototype, key);
  if (constraints.has('isInt') || constraints.has('isNumber') || declared === Number) {
    return 'number';
  }
  if (constraints.has('isBoolean') || declared === Boolean) {
    return 'boolean';
  }
  if (constraints.has('isArray') || declared === Array) {
    return 'list';
  }
  if (constraints.has('isString')) {
    return 'text';
  }
  return constraints.has('isObject') || declared === Object ? 'object' : 'text';
}

function messagesOf(error: ValidationError): { wrongType: boolean; list: string[] } {
  const target = error.target?.constructor;
  const declared = target ? getMetadataStorage().getTargetValidationMetadatas(target, '', true, false) : [];
  const failed = Object.entries(error.constraints ?? {});
  // A value of the wrong type gets only that message, as DRF stops at the type.
  const wrongType = TYPE_CONSTRAINTS.flatMap((type) => failed.filter(([name]) => name === type));
  const list = (wrongType.length > 0 ? wrongType.slice(0, 1) : failed).map(([name, message]) => {
    const entry = declared.find((meta) => meta.propertyName === error.property && meta.name === name);
    const drf = MESSAGES[name];
    // A decorator given its own message keeps it; class-validator's English defaults become DRF's.
    return drf && entry?.message === undefined ? drf(entry?.constraints ?? [], error.value) : message;
  });
  return { wrongType: wrongType.length > 0, list };
}

/** The Python type name DRF puts in its messages. */
export function pythonType(value: unknown): string {
  if (value === null) {
    return 'NoneType';
  }
  if (Array.isArray(value)) {
    return 'list';
  }
  return (
    { string: 'str', number: Number.isInteger(value) ? 'int' : 'float', boolean: 'bool' }[typeof value as string] ??
    'dict'
  );
}
