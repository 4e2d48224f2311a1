import type { ParamMatcher } from '@sveltejs/kit';
import { isUuid } from '$lib/uuid';

// A route segment such as [id=uuid] matches only an id: anything else is a 404 before any
// load, form action or handler runs, so none of them has to check the shape again.
export const match = ((param: string): param is string => isUuid(param)) satisfies ParamMatcher;
