import { PulpValidationError } from '@pulp/errors';
import { DATETIME_LOOKUPS, fieldFilters, type FilterSet } from './filters';
import { identityFilters } from './identity-filters';
import { parseListQuery } from './list-query';

const SET: FilterSet = {
  filters: {
    ...fieldFilters(
      'state',
      't.state',
      'text',
      ['exact', 'in', 'ne'],
      [
        ['waiting', 'Waiting'],
        ['failed', 'Failed'],
      ],
    ),
    ...fieldFilters('name', 't.name', 'text', ['exact', 'contains', 'startswith', 'regex']),
    ...fieldFilters('started_at', 't.started_at', 'datetime', DATETIME_LOOKUPS),
    ...identityFilters('t.pulp_id', 'core.task'),
  },
  ordering: { pulp_created: 't.pulp_created', name: 't.name', pk: 't.pulp_id' },
  defaultOrder: 't.pulp_created DESC',
};

function fieldsOf(run: () => unknown): PulpValidationError['fields'] {
  try {
    run();
  } catch (error) {
    if (error instanceof PulpValidationError) {
      return error.fields;
    }
    throw error;
  }
  throw new Error('no validation error');
}

describe('parseListQuery', () => {
  it('turns filters into parameterised SQL, numbering after the caller’s parameters', () => {
    const list = parseListQuery(SET, { state__in: 'waiting,failed', name__contains: '50%_x' }, 3);
    expect(list.where).toBe('(t.state = ANY($3::text[])) AND (t.name LIKE $4)');
    expect(list.values).toEqual([['waiting', 'failed'], '%50\\%\\_x%']);
  });

  it('reads datetimes as UTC and ranges as two values', () => {
    const list = parseListQuery(SET, {
      started_at__range: '2024-01-01T00:00:00,2024-01-02',
      started_at__isnull: 'false',
    });
    expect(list.where).toBe(
      '(t.started_at BETWEEN $1::timestamptz AND $2::timestamptz) AND (t.started_at IS NOT NULL)',
    );
    expect(list.values).toEqual(['2024-01-01T00:00:00.000Z', '2024-01-02T00:00:00.000Z']);
  });

  it('accepts hrefs, PRNs and uuids for the identity filters, and ignores PRNs of other models', () => {
    const id = '0198c6a2-3b1e-7c55-9a3e-2f4b0c1d2e3f';
    const list = parseListQuery(SET, {
      pulp_href__in: `/pulp/api/v3/tasks/${id}/`,
      prn__in: `prn:core.task:${id},prn:file.filerepository:${id}`,
    });
    expect(list.values).toEqual([[id], [id]]);
  });

  it('refuses unknown parameters the way Pulp does', () => {
    expect(fieldsOf(() => parseListQuery(SET, { foo: '1', bar: '2', limit: '5' }))).toEqual({
      errors: ["Invalid Filter: 'foo'", "Invalid Filter: 'bar'"],
    });
    expect(fieldsOf(() => parseListQuery(undefined, { q: 'name=x' }))).toEqual({ errors: ["Invalid Filter: 'q'"] });
  });

  it('reports each bad value under its parameter', () => {
    expect(
      fieldsOf(() =>
        parseListQuery(SET, { state: 'bogus', started_at__gt: 'yesterday', pulp_id__in: 'nope', ordering: 'x' }),
      ),
    ).toEqual({
      state: ['Select a valid choice. bogus is not one of the available choices.'],
      started_at__gt: ['Enter a valid date/time.'],
      pulp_id__in: ['Enter a valid UUID.'],
      ordering: ['Select a valid choice. x is not one of the available choices.'],
    });
  });

  it('combines q terms with the filters they name', () => {
    const list = parseListQuery(SET, { q: 'name=a OR NOT state=failed', state: 'waiting' });
    expect(list.where).toBe('(((t.name = $1::text) OR NOT (t.state = $2::text))) AND (t.state = $3::text)');
    expect(fieldsOf(() => parseListQuery(SET, { q: 'ordering=name' }))).toEqual({
      q: ["Filter 'ordering' does not exist."],
    });
  });

  it('orders by the names asked, then newest first', () => {
    expect(parseListQuery(SET, { ordering: '-name,pk' }).orderBy).toBe(
      't.name DESC, t.pulp_id ASC, t.pulp_created DESC',
    );
    expect(parseListQuery(SET, {}).orderBy).toBe('t.pulp_created DESC');
  });

  it('falls back to the default page for limits and offsets that are not positive integers', () => {
    expect(parseListQuery(SET, { limit: '0', offset: '-3' })).toMatchObject({ limit: 100, offset: 0 });
    expect(parseListQuery(SET, { limit: '7', offset: '14' })).toMatchObject({ limit: 7, offset: 14 });
  });

  it('refuses names of the object prototype as filters, orderings and q terms', () => {
    for (const name of ['constructor', '__proto__', 'hasOwnProperty', 'toString']) {
      expect(fieldsOf(() => parseListQuery(SET, { [name]: '1' }))).toEqual({ errors: [`Invalid Filter: '${name}'`] });
      expect(fieldsOf(() => parseListQuery(undefined, { [name]: '1' }))).toEqual({
        errors: [`Invalid Filter: '${name}'`],
      });
      expect(fieldsOf(() => parseListQuery(SET, { ordering: `-${name}` }))).toEqual({
        ordering: [`Select a valid choice. -${name} is not one of the available choices.`],
      });
    }
    expect(fieldsOf(() => parseListQuery(SET, { q: 'toString="x"' }))).toEqual({
      q: ["Filter 'toString' does not exist."],
    });
  });

  it('matches any value of a repeated filter, and only the last one of the others', () => {
    const repeated: FilterSet = {
      ...SET,
      filters: { ...SET.filters, tag: { ...SET.filters.name, repeated: true } },
    };
    const list = parseListQuery(repeated, { tag: ['a', '', 'b'], name: ['x', 'y'] });
    expect(list.where).toBe('((t.name = $1::text) OR (t.name = $2::text)) AND (t.name = $3::text)');
    expect(list.values).toEqual(['a', 'b', 'y']);
    expect(parseListQuery(repeated, { tag: ['', ''] }).where).toBe('TRUE');
    expect(fieldsOf(() => parseListQuery(repeated, { tag: ['a\u0000', 'b'] }))).toEqual({
      tag: ['Null characters are not allowed.'],
    });
  });

  it('refuses a NUL in any filter, q included, with Django’s message', () => {
    expect(fieldsOf(() => parseListQuery(SET, { name__contains: 'a\u0000b', q: 'name="\u0000"' }))).toEqual({
      name__contains: ['Null characters are not allowed.'],
      q: ['Null characters are not allowed.'],
    });
  });

  it('refuses a limit or offset too big to be exact', () => {
    expect(fieldsOf(() => parseListQuery(SET, { limit: '99999999999999999999', offset: '9007199254740992' }))).toEqual({
      limit: ['Ensure this value is less than or equal to 9007199254740991.'],
      offset: ['Ensure this value is less than or equal to 9007199254740991.'],
    });
    expect(parseListQuery(SET, { offset: '9007199254740991' }).offset).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('names the parameters whose value only PostgreSQL can judge, q included', () => {
    const list = parseListQuery(SET, { name__regex: '[]', q: 'NOT name__regex="x"', name: 'a' });
    expect(list.refusals).toEqual([
      { name: 'name__regex', sqlstate: '2201B', message: 'Enter a valid regular expression.' },
      { name: 'q', sqlstate: '2201B', message: 'Enter a valid regular expression.' },
    ]);
    // The pattern is also a one-time filter, compiled even when no row is there.
    expect(list.where).toContain("('' ~ $1::text) IS NOT NULL AND t.name ~ $1::text");
  });

  it('treats an empty filter value as no filter', () => {
    expect(parseListQuery(SET, { name: '' }).where).toBe('TRUE');
  });
});
