import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import * as links from '$lib/server/decisions/date-poll-links';
import { isSlotAnswer, type SlotAnswer } from '$lib/server/decisions/schema';
import type { Actions, PageServerLoad } from './$types';

const slotNumber = z.coerce.number().int().min(1).max(1000);

/** The date poll behind the link, and nothing else of the network; a 404 page for a bad link. */
async function found(token: string) {
	const row = await links.byToken(token);
	if (!row) error(404, 'dates.link_invalid');
	return row;
}

/** What a link or a button asks: a slot by its number and an answer, or null if either is wrong. */
function asked(c: unknown, r: unknown): { slot: number; answer: SlotAnswer } | null {
	const n = slotNumber.safeParse(c);
	return n.success && isSlotAnswer(r) ? { slot: n.data, answer: r } : null;
}

/**
 * A date poll's answer link from its invitation e-mail, without a session: the token names one
 * participant and one poll. The page shows every slot with the person's answers and a button for
 * each answer. The answer a link carries (`?c=<slot number>&r=yes|maybe|no`) is not written by
 * opening it: mail scanners open every link of a message, three per slot here, and would answer
 * for the person. The page offers it to confirm instead, and its script confirms it at once, so
 * that a person's click in their mail is still the only one. Every answer is a POST, answered
 * with a redirect to the page without the link's query (`?enregistre=<slot>`), so that reloading
 * or changing another answer never writes the link's answer again.
 */
export const load: PageServerLoad = async ({ params, url, setHeaders }) => {
	setHeaders({ 'cache-control': 'private, no-store' });
	const row = await found(params.token);
	const given = url.searchParams.has('c')
		? asked(url.searchParams.get('c'), url.searchParams.get('r'))
		: null;
	const saved = slotNumber.safeParse(url.searchParams.get('enregistre'));
	const slots = row.slots.map((s) => ({
		number: s.position + 1,
		startsAt: s.startsAt,
		endsAt: s.endsAt,
		place: s.place,
		chosen: s.id === row.poll.chosenOptionId,
		mine: row.mine[s.id] ?? null
	}));
	const pending = given && slots.some((s) => s.number === given.slot) ? given : null;
	return {
		poll: { title: row.poll.title, group: row.group, closesAt: row.poll.closesAt, open: row.open },
		slots,
		meeting: row.meeting,
		action: `/disponibilites/${params.token}`,
		/** The answer the link carries, to confirm. */
		pending: row.open ? pending : null,
		/** A link whose slot or answer this poll does not have. */
		refused: row.open && url.searchParams.has('c') && !pending,
		recorded: saved.success && !pending ? saved.data : null
	};
};

export const actions: Actions = {
	default: async ({ params, request }) => {
		const row = await found(params.token);
		const form = await request.formData();
		const given = asked(form.get('c'), form.get('r'));
		if (!row.open) return fail(409, { refused: 'poll.closed' as const });
		if (!given || !(await links.answerByToken(params.token, given.slot, given.answer))) {
			// Closed between the page and the answer, or a slot this poll does not have.
			const now = await found(params.token);
			return fail(now.open ? 400 : 409, {
				refused: now.open ? ('dates.link_bad_answer' as const) : ('poll.closed' as const)
			});
		}
		redirect(303, `/disponibilites/${params.token}?enregistre=${given.slot}`);
	}
};
