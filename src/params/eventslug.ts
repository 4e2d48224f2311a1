import type { ParamMatcher } from '@sveltejs/kit';

// An event's public address (`/route-de-l-industrie-2027`): lowercase words and hyphens. Any
// other top-level address is a 404 without asking the database.
export const match = ((param: string): param is string =>
	param.length >= 3 &&
	param.length <= 80 &&
	/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(param)) satisfies ParamMatcher;
