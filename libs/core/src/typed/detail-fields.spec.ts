import { IsBoolean, IsObject, IsOptional, IsString } from 'class-validator';
import { PulpValidationError } from '@pulp/errors';
import { detailColumns, insertDetail, updateDetail, writableColumns, type DetailFields } from './detail-fields';

class Fields {
  @IsOptional()
  @IsBoolean()
  flag?: boolean;
  @IsOptional()
  @IsString()
  text?: string | null;
  @IsOptional()
  @IsObject()
  extra?: Record<string, unknown>;
}

const DETAIL: DetailFields = {
  table: 'plugin_thing',
  key: 'thing_id',
  request: Fields,
  response: Fields,
  notNull: ['flag'],
  json: ['extra'],
};

/** An Sql function that records its statements. */
function recorder() {
  const statements: Array<{ text: string; params: unknown[] }> = [];
  const sql = <T>(text: string, params: unknown[] = []) => {
    statements.push({ text: text.replace(/\s+/g, ' ').trim(), params });
    return Promise.resolve([] as T[]);
  };
  return { sql, statements };
}

describe('detail fields', () => {
  it('writes the request class’s validated properties, nothing else', () => {
    expect(writableColumns(DETAIL)).toEqual(['flag', 'text', 'extra']);
    expect(detailColumns(DETAIL, { name: 'x', flag: true, text: null })).toEqual({ flag: true, text: null });
    expect(detailColumns(undefined, { flag: true })).toEqual({});
  });

  it('refuses null where the column takes none', () => {
    expect(() => detailColumns(DETAIL, { flag: null })).toThrow(PulpValidationError);
  });

  it('inserts, updates and upserts only permitted columns, JSON ones as text', async () => {
    const { sql, statements } = recorder();
    await insertDetail(sql, DETAIL, 'id-1', { flag: true, extra: { a: 1 }, 'x; DROP TABLE y': 1 });
    await updateDetail(sql, DETAIL, 'id-1', { text: 'new' });
    await updateDetail(sql, DETAIL, 'id-1', { unknown: 1 });
    expect(statements).toEqual([
      {
        text: 'INSERT INTO plugin_thing (thing_id, flag, extra) VALUES ($1, $2, $3) ON CONFLICT (thing_id) DO NOTHING',
        params: ['id-1', true, '{"a":1}'],
      },
      // An update first (NOT NULL columns the data leaves out stay as they are); no row: an insert.
      { text: 'UPDATE plugin_thing SET text = $2 WHERE thing_id = $1 RETURNING thing_id', params: ['id-1', 'new'] },
      {
        text: 'INSERT INTO plugin_thing (thing_id, text) VALUES ($1, $2) ON CONFLICT (thing_id) DO UPDATE SET text = EXCLUDED.text',
        params: ['id-1', 'new'],
      },
    ]);
  });
});
