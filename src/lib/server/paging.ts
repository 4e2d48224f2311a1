/**
 * The query a listing page was asked with, without the name of a form action (a post without
 * JavaScript comes back to `?/action`) and without the fields left empty.
 */
export function listingQuery(url: URL): URLSearchParams {
	return new URLSearchParams(
		[...url.searchParams].filter(([key, value]) => value !== '' && !key.startsWith('/'))
	);
}

/** A listing's address with a query. */
export function listingHref(path: string, params: URLSearchParams): string {
	const query = params.toString();
	return query ? `${path}?${query}` : path;
}

export interface Paging {
	/** The page shown: the one asked for in `page=`, within the pages there are. */
	page: number;
	pages: number;
	offset: number;
	limit: number;
	/** The same listing, same filters, one page before and after (null at the ends). */
	pageHrefs: { previous: string | null; next: string | null };
}

/** Which page of a listing of `total` rows to show, for the page number asked in the query. */
export function paginate(
	path: string,
	search: URLSearchParams,
	total: number,
	pageSize: number
): Paging {
	const pages = Math.max(1, Math.ceil(total / pageSize));
	const asked = Number(search.get('page'));
	// Anything that is not a page number is the first page; past the end, the last.
	const page = Math.min(Number.isInteger(asked) && asked >= 1 ? asked : 1, pages);
	const at = (n: number) => {
		const params = new URLSearchParams(search);
		if (n === 1) params.delete('page');
		else params.set('page', String(n));
		return listingHref(path, params);
	};
	return {
		page,
		pages,
		offset: (page - 1) * pageSize,
		limit: pageSize,
		pageHrefs: {
			previous: page > 1 ? at(page - 1) : null,
			next: page < pages ? at(page + 1) : null
		}
	};
}
