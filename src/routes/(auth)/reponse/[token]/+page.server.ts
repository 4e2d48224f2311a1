import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import * as answers from '$lib/server/meetings/answers';
import type { Actions, PageServerLoad } from './$types';

const answer = z.enum(Object.keys(answers.linkAnswers) as [answers.LinkAnswer]);

/** The meeting behind the link, and nothing else of the network; a 404 page for a bad link. */
async function found(token: string) {
	const row = await answers.byToken(token);
	if (!row) error(404, 'answer.invalid');
	return row;
}

/**
 * An answer link from an invitation e-mail, without a session: the token names one invitee and
 * one meeting. The answer in `?r=` is recorded on GET, in one click as calendar services do,
 * although mail scanners may follow links before the person reads the message: the page shows
 * the answer recorded and lets them correct it. Once recorded, the page is reached again without
 * the link's answer (`?fait=`), so that reloading it, or correcting the answer with its buttons,
 * never writes the link's answer again.
 */
export const load: PageServerLoad = async ({ params, url, setHeaders }) => {
	setHeaders({ 'cache-control': 'private, no-store' });
	const row = await found(params.token);
	const given = answer.safeParse(url.searchParams.get('r'));
	if (given.success && row.answerable) {
		await answers.answerByToken(params.token, given.data);
		redirect(303, `/reponse/${params.token}?fait=${given.data}`);
	}
	const done = answer.safeParse(url.searchParams.get('fait'));
	const recorded: answers.LinkAnswer | null = done.success ? done.data : null;
	return {
		meeting: {
			title: row.meeting.title,
			group: row.group.name,
			startsAt: row.meeting.startsAt,
			endsAt: row.meeting.endsAt,
			status: row.meeting.status,
			place: row.place,
			agenda: row.agenda
		},
		response: row.response,
		answerable: row.answerable,
		recorded
	};
};

export const actions: Actions = {
	default: async ({ params, request }) => {
		const row = await found(params.token);
		const given = answer.safeParse((await request.formData()).get('r'));
		if (!given.success || !row.answerable) error(400, 'answer.closed');
		await answers.answerByToken(params.token, given.data);
		return { recorded: given.data };
	}
};
