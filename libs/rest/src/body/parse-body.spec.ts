import { IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Min, MinLength } from 'class-validator';
import { PulpValidationError } from '@pulp/errors';
import { LandsIn } from '../column-values';
import { parseBody } from './parse-body';

/** What @nestjs/swagger's ApiProperty records (the package loads only as ESM, which unit tests cannot). */
const Shown =
  (schema: object): PropertyDecorator =>
  (target, property) =>
    Reflect.defineMetadata('swagger/apiModelProperties', schema, target, property);

class Example {
  @IsInt()
  @Min(0)
  size!: number;

  @IsOptional()
  @IsString()
  name?: string | null;

  @IsOptional()
  @IsBoolean()
  flag?: boolean;

  @IsOptional()
  @IsArray()
  items?: string[];

  @IsOptional()
  @IsIn(['a', 'b'], { message: 'Pick a or b.' })
  choice?: string;

  @IsOptional()
  @IsString()
  @MinLength(2)
  label?: string;

  @IsOptional()
  @IsInt()
  @LandsIn('bigint')
  total?: number;

  @IsOptional()
  @IsString()
  @LandsIn('name')
  title?: string;

  @IsOptional()
  labels?: Record<string, string>;

  @Shown({ type: 'string', format: 'uri' })
  @IsOptional()
  @IsString()
  href?: string;

  @Shown({ type: 'string', format: 'uri', nullable: true })
  @IsOptional()
  @IsString()
  nullableHref?: string | null;
}

function fieldsOf(raw: unknown): PulpValidationError['fields'] {
  try {
    parseBody(Example, raw);
  } catch (error) {
    expect(error).toBeInstanceOf(PulpValidationError);
    return (error as PulpValidationError).fields;
  }
  throw new Error('expected a validation error');
}

describe('parseBody', () => {
  it('accepts a JSON body and returns a DTO instance', () => {
    const body = parseBody(Example, { size: 3, name: null, flag: true, items: ['x'] });
    expect(body).toBeInstanceOf(Example);
    expect(body).toMatchObject({ size: 3, name: null, flag: true, items: ['x'] });
  });

  const formBody = (fields: Record<string, unknown>) => Object.assign(fields, { [Symbol.for('pulp.form-body')]: true });

  it('parses form values (all text) by the declared type', () => {
    expect(parseBody(Example, formBody({ size: '12', flag: 'false', items: '["x","y"]' }))).toMatchObject({
      size: 12,
      flag: false,
      items: ['x', 'y'],
    });
    expect(parseBody(Example, formBody({ size: '1', items: 'x' }))).toMatchObject({ items: ['x'] });
  });

  it('takes JSON values as they are', () => {
    expect(fieldsOf({ size: '12' })).toEqual({ size: ['A valid integer is required.'] });
  });

  it("answers in DRF's words: required, wrong type, bounds, unknown keys", () => {
    expect(fieldsOf({})).toEqual({ size: ['This field is required.'] });
    expect(fieldsOf({ size: null })).toEqual({ size: ['This field may not be null.'] });
    expect(fieldsOf(formBody({ size: 'many' }))).toEqual({ size: ['A valid integer is required.'] });
    expect(fieldsOf({ size: -1 })).toEqual({ size: ['Ensure this value is greater than or equal to 0.'] });
    expect(fieldsOf(formBody({ size: '1', flag: 'maybe' }))).toEqual({ flag: ['Must be a valid boolean.'] });
    expect(fieldsOf({ size: 1, items: 'x' })).toEqual({ items: ['Expected a list of items but got type "str".'] });
    expect(fieldsOf({ size: 1, extra: 1 })).toEqual({ extra: ['Unexpected field'] });
  });

  it('says a string is blank, or too short, as DRF does', () => {
    expect(fieldsOf({ size: 1, label: '' })).toEqual({ label: ['This field may not be blank.'] });
    expect(fieldsOf({ size: 1, label: 'x' })).toEqual({ label: ['Ensure this field has at least 2 characters.'] });
  });

  it("keeps a decorator's own message", () => {
    expect(fieldsOf({ size: 1, choice: 'c' })).toEqual({ choice: ['Pick a or b.'] });
  });

  it('refuses a body that is not an object', () => {
    expect(fieldsOf([1])).toEqual({ non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] });
  });

  it('refuses NUL anywhere in a value, keys of objects and items of lists included', () => {
    const nul = ['Null characters are not allowed.'];
    expect(fieldsOf({ size: 1, name: 'a\u0000' })).toEqual({ name: nul });
    expect(fieldsOf({ size: 1, labels: { 'k\u0000': 'v' } })).toEqual({ labels: nul });
    expect(fieldsOf({ size: 1, labels: { k: 'v\u0000' } })).toEqual({ labels: nul });
    expect(fieldsOf({ size: 1, items: ['\u0000'] })).toEqual({ items: nul });
    expect(fieldsOf(formBody({ size: '1', name: '\u0000' }))).toEqual({ name: nul });
  });

  it("holds integers to their column's range: integer unless declared bigint (exact JavaScript integers)", () => {
    expect(fieldsOf({ size: 2 ** 31 })).toEqual({ size: ['Ensure this value is less than or equal to 2147483647.'] });
    expect(fieldsOf(formBody({ size: '9223372036854775808' }))).toEqual({
      size: ['Ensure this value is less than or equal to 2147483647.'],
    });
    expect(parseBody(Example, { size: 1, total: 2 ** 40 }).total).toBe(2 ** 40);
    expect(fieldsOf({ size: 1, total: 2 ** 53 })).toEqual({
      total: ['Ensure this value is less than or equal to 9007199254740991.'],
    });
    expect(fieldsOf({ size: 1, total: -(2 ** 60) })).toEqual({
      total: ['Ensure this value is greater than or equal to -9007199254740991.'],
    });
  });

  it('holds indexed text to its length, in characters', () => {
    expect(parseBody(Example, { size: 1, title: '😀'.repeat(255) }).title).toHaveLength(510);
    expect(fieldsOf({ size: 1, title: 'x'.repeat(256) })).toEqual({
      title: ['Ensure this field has no more than 255 characters.'],
    });
  });

  it('says "No data provided" for a null body, and keeps prototype names as plain keys', () => {
    expect(fieldsOf(null)).toEqual({ non_field_errors: ['No data provided'] });
    const errors = fieldsOf(JSON.parse('{"size": 1, "__proto__": {"x": 1}, "constructor": 2}'));
    expect(Object.keys(errors)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(errors)).toBe(Object.prototype);
  });

  it('takes null in an optional field only where its schema property is nullable', () => {
    expect(fieldsOf({ size: 1, href: null })).toEqual({ href: ['This field may not be null.'] });
    expect(parseBody(Example, { size: 1, nullableHref: null, name: null }).nullableHref).toBeNull();
  });
});
