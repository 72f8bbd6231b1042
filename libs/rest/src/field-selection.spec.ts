import { selectFields } from './field-selection';

describe('selectFields', () => {
  const body = { pulp_href: '/x/', name: 'n', state: 's' };

  it('keeps everything without parameters', () => {
    expect(selectFields(body, {})).toEqual(body);
  });

  it('keeps only the listed fields, comma-separated or repeated, ignoring unknown ones', () => {
    expect(selectFields(body, { fields: 'name,state,bogus' })).toEqual({ name: 'n', state: 's' });
    expect(selectFields(body, { fields: ['name', 'pulp_href'] })).toEqual({ pulp_href: '/x/', name: 'n' });
  });

  it('drops excluded fields, also from a selection', () => {
    expect(selectFields(body, { exclude_fields: 'state' })).toEqual({ pulp_href: '/x/', name: 'n' });
    expect(selectFields(body, { fields: 'name,state', exclude_fields: ['state'] })).toEqual({ name: 'n' });
  });
});
