import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import * as links from '$lib/server/decisions/date-poll-links';
import { isSlotAnswer } from '$lib/server/decisions/schema';
import type { Actions, PageServerLoad } from './$types';

const slotNumber = z.coerce.number().int().min(1).max(1000);

/** The date poll behind the link, and nothing else of the network; a 404 page for a bad link. */
async function found(token: string) {
	const row = await links.byToken(token);
	if (!row) error(404, 'dates.link_invalid');
	return row;
}

/** What a link or a button asks: a slot by its number and an answer, or null if either is wrong. */
function asked(c: unknown, r: unknown) {
	const n = slotNumber.safeParse(c);
	return n.success && isSlotAnswer(r) ? { slot: n.data, answer: r } : null;
}

function view(row: NonNullable<Awaited<ReturnType<typeof links.byToken>>>) {
	return {
		poll: { title: row.poll.title, group: row.group, closesAt: row.poll.closesAt, open: row.open },
		slots: row.slots.map((s) => ({
			number: s.position + 1,
			startsAt: s.startsAt,
			endsAt: s.endsAt,
			place: s.place,
			chosen: s.id === row.poll.chosenOptionId,
			mine: row.mine[s.id] ?? null
		})),
		meeting: row.meeting
	};
}

/**
 * A date poll's answer link from its invitation e-mail, without a session: the token names one
 * participant and one poll. The answer a link carries (`?c=<slot number>&r=yes|maybe|no`) is
 * recorded on GET, in one click as the meeting answer links do; the page shows every slot with
 * the person's answers and lets them change any. A closed poll's page says so and writes nothing.
 */
export const load: PageServerLoad = async ({ params, url, setHeaders }) => {
	setHeaders({ 'cache-control': 'private, no-store' });
	let row = await found(params.token);
	let recorded: number | null = null;
	let refused = false;
	if (url.searchParams.has('c') || url.searchParams.has('r')) {
		const given = asked(url.searchParams.get('c'), url.searchParams.get('r'));
		if (given && row.open && (await links.answerByToken(params.token, given.slot, given.answer))) {
			recorded = given.slot;
			row = await found(params.token);
		} else refused = row.open;
	}
	return { ...view(row), recorded, refused };
};

export const actions: Actions = {
	default: async ({ params, request }) => {
		const row = await found(params.token);
		const form = await request.formData();
		const given = asked(form.get('c'), form.get('r'));
		if (!row.open) return fail(409, { refused: 'poll.closed' as const });
		if (!given || !(await links.answerByToken(params.token, given.slot, given.answer)))
			return fail(400, { refused: 'dates.link_bad_answer' as const });
		return { recorded: given.slot };
	}
};
