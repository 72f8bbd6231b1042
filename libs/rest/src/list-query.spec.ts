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
    ...fieldFilters('name', 't.name', 'text', ['exact', 'contains', 'startswith']),
    ...fieldFilters('started_at', 't.started_at', 'datetime', DATETIME_LOOKUPS),
    ...identityFilters('t.pulp_id', 'core.task'),
  },
  ordering: { pulp_created: 't.pulp_created', name: 't.name', pk: 't.pulp_id' },
  defaultOrder: 't.pulp_created DESC',
};

function fieldsOf(run: () => unknown): Record<string, string[]> | string[] {
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

  it('treats an empty filter value as no filter', () => {
    expect(parseListQuery(SET, { name: '' }).where).toBe('TRUE');
  });
});
