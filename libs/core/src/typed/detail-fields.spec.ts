import { detailBody, detailColumns, detailJoin, detailValues, type DetailFields } from './detail-fields';

const DETAIL: DetailFields = {
  table: 'file_filepublication',
  key: 'publication_id',
  fields: { manifest: { default: 'PULP_MANIFEST' } },
};

describe('detail fields', () => {
  it('joins the type table and selects its fields, or nothing without one', () => {
    expect(detailJoin(DETAIL, 'dt', 'p.pulp_id')).toBe(
      'LEFT JOIN file_filepublication dt ON dt.publication_id = p.pulp_id',
    );
    expect(detailColumns(DETAIL, 'dt')).toBe(', dt.manifest');
    expect(detailJoin(undefined, 'dt', 'p.pulp_id')).toBe('');
    expect(detailColumns(undefined, 'dt')).toBe('');
  });

  it("gives a create body's fields, at their default when left out (null is a value)", () => {
    expect(detailBody(DETAIL, { repository: 'x' })).toEqual({ manifest: 'PULP_MANIFEST' });
    expect(detailBody(DETAIL, { manifest: null })).toEqual({ manifest: null });
    expect(detailBody(DETAIL, { manifest: 'FILES' })).toEqual({ manifest: 'FILES' });
    expect(detailBody(undefined, { manifest: 'FILES' })).toEqual({});
  });

  it("shows only the type's fields of a row", () => {
    expect(detailValues(DETAIL, { manifest: 'M', pulp_id: 'id' })).toEqual({ manifest: 'M' });
    expect(detailValues(DETAIL, {})).toEqual({ manifest: null });
  });
});
