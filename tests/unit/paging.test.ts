import { describe, expect, it } from 'vitest';
import { listingQuery, paginate } from '$lib/server/paging';

describe('listingQuery', () => {
	it('drops empty fields and the name of a form action', () => {
		const url = new URL('http://x/admin/personnes?/role&q=ana&status=&page=2');
		expect([...listingQuery(url)]).toEqual([
			['q', 'ana'],
			['page', '2']
		]);
	});
});

describe('paginate', () => {
	const query = (s: string) => new URLSearchParams(s);

	it('keeps the filters in the neighbours’ addresses and drops page=1', () => {
		const paging = paginate('/actions', query('owner=me&page=2'), 450, 200);
		expect(paging).toEqual({
			page: 2,
			pages: 3,
			offset: 200,
			limit: 200,
			pageHrefs: { previous: '/actions?owner=me', next: '/actions?owner=me&page=3' }
		});
	});

	it('reads anything that is not a page number as the first page', () => {
		for (const page of ['0', '-1', '1.5', 'abc', '']) {
			expect(paginate('/x', query(`page=${page}`), 100, 20).page).toBe(1);
		}
	});

	it('shows the last page past the end, and one page when there is nothing', () => {
		expect(paginate('/x', query('page=99'), 45, 20)).toMatchObject({ page: 3, offset: 40 });
		expect(paginate('/x', query(''), 0, 20)).toMatchObject({
			page: 1,
			pages: 1,
			pageHrefs: { previous: null, next: null }
		});
	});
});
