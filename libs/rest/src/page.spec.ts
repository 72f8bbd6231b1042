import { pageOf } from './page';

const list = (limit: number, offset: number) => ({
  where: 'TRUE',
  values: [],
  orderBy: '',
  limit,
  offset,
  refusals: [],
});

describe('pageOf', () => {
  it('links the next and previous pages, keeping the other parameters sorted', () => {
    const page = pageOf([1, 2], 10, list(2, 4), 'http://h/pulp/api/v3/tasks/?state=failed&offset=4&limit=2');
    expect(page.next).toBe('http://h/pulp/api/v3/tasks/?limit=2&offset=6&state=failed');
    expect(page.previous).toBe('http://h/pulp/api/v3/tasks/?limit=2&offset=2&state=failed');
  });

  it('drops offset from the link to the first page and has no next on the last', () => {
    const page = pageOf([1], 3, list(2, 2), 'http://h/x/?offset=2&limit=2');
    expect(page).toEqual({ count: 3, next: null, previous: 'http://h/x/?limit=2', results: [1] });
  });

  it('has neither link when everything fits', () => {
    expect(pageOf([], 0, list(100, 0), 'http://h/x/')).toEqual({ count: 0, next: null, previous: null, results: [] });
  });
});
