import { z } from 'zod';
import { requireUser } from '$lib/server/auth/guards';
import * as search from '$lib/server/search';
import { MAX_WORDS, searchWords } from '$lib/server/search/text';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;
const LAST_PAGE = 25;

// Filters come from the URL: anything odd is dropped rather than refused, so a hand-edited or
// stale link still shows results.
const day = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/)
	.refine((d) => !Number.isNaN(Date.parse(d)));
const paramsSchema = z.object({
	q: z.string().catch(''),
	kind: z.enum(search.searchKinds).optional().catch(undefined),
	group: z.string().max(200).optional().catch(undefined),
	author: z.uuid().optional().catch(undefined),
	from: day.optional().catch(undefined),
	to: day.optional().catch(undefined),
	page: z.coerce.number().int().min(1).max(LAST_PAGE).catch(1)
});

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const raw = Object.fromEntries(
		[...event.url.searchParams].filter(([, value]) => value !== '').map(([k, v]) => [k, v])
	);
	const params = paramsSchema.parse(raw);
	const { group, ...choices } = await search.filterChoices(user, {
		group: params.group,
		authorId: params.author
	});
	const answer = await search.search(
		user,
		params.q,
		{
			kinds: params.kind ? [params.kind] : [],
			groupId: group?.id ?? null,
			authorId: params.author ?? null,
			from: params.from ?? null,
			to: params.to ?? null
		},
		{ limit: PAGE_SIZE, offset: (params.page - 1) * PAGE_SIZE }
	);
	const typedWords = params.q.trim() ? params.q.trim().split(/\s+/).length : 0;
	return {
		q: params.q.slice(0, 200),
		params: {
			kind: params.kind ?? '',
			group: group?.slug ?? '',
			author: params.author ?? '',
			from: params.from ?? '',
			to: params.to ?? ''
		},
		page: params.page,
		more: answer.more && params.page < LAST_PAGE,
		searched: searchWords(params.q).length > 0,
		truncated: typedWords > MAX_WORDS,
		results: answer.results,
		choices
	};
};
