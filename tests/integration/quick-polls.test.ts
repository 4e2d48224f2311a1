import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { pollAnswers, pollTallies } from '$lib/server/db/schema';
import * as decisions from '$lib/server/decisions';
import { ServiceError } from '$lib/server/errors';
import { parseInput } from '$lib/server/forms';
import { createTestDb } from '../helpers/db';
import { buildGroup, buildUser } from '../helpers/factories';

// Quick polls: one choice, several, or a ranking counted by Borda; every malformed answer
// refused with its reason and nothing written; anonymous answers only counted; the same closing
// rule as proposals.

await createTestDb();

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000);
let lead: SessionUser;
let a: SessionUser;
let b: SessionUser;
let c: SessionUser;
let observer: SessionUser;
let group: { id: string };

const poll = (over: Partial<decisions.PollInput> = {}): decisions.PollInput => ({
	title: 'Quel jour pour le job dating ?',
	body: null,
	kind: 'choice',
	multiple: false,
	anonymous: false,
	closesAt: inDays(3),
	options: ['Mardi', 'Jeudi', 'Vendredi'],
	...over
});
const choose = (...chosen: string[]) => ({ chosen, ranks: new Map<string, number>() });
const rank = (...order: string[]) => ({
	chosen: [],
	ranks: new Map(order.map((id, i) => [id, i + 1]))
});

async function refusal(work: Promise<unknown>) {
	try {
		await work;
	} catch (e) {
		if (e instanceof ServiceError) return e;
		throw e;
	}
	throw new Error('expected a refusal');
}

beforeAll(async () => {
	[lead, a, b, c, observer] = await Promise.all([
		buildUser(),
		buildUser(),
		buildUser(),
		buildUser(),
		buildUser()
	]);
	group = await buildGroup({ joinPolicy: 'closed' }, [
		{ user: lead, role: 'lead' },
		{ user: a, role: 'member' },
		{ user: b, role: 'member' },
		{ user: c, role: 'member' },
		{ user: observer, role: 'observer' }
	]);
});

describe('the poll form', () => {
	it('takes two to twenty different options, one per line', () => {
		const form = (options: string) => ({
			title: 'Une question',
			kind: 'choice',
			closesAt: '2099-01-01T10:00',
			options
		});
		expect(parseInput(decisions.pollSchema, form('Seule'), {}).ok).toBe(false);
		const same = parseInput(decisions.pollSchema, form('Oui\noui'), {});
		expect(same.ok ? null : same.errors.options).toBe('poll.options_duplicate');
		const many = parseInput(
			decisions.pollSchema,
			form(Array.from({ length: 21 }, (_, i) => `Option ${i}`).join('\n')),
			{}
		);
		expect(many.ok ? null : many.errors.options).toBe('poll.options_count');
		const fine = parseInput(decisions.pollSchema, form(' Mardi \n\nJeudi\r\n'), {});
		expect(fine.ok && fine.data.options).toEqual(['Mardi', 'Jeudi']);
	});
});

describe('a single or multiple choice', () => {
	it('counts one choice per person, the latest, and refuses what is not one of its options', async () => {
		const opened = await decisions.openPoll(lead, group.id, poll());
		const [mardi, jeudi] = (await decisions.pollView(lead, opened.id)).options.map((o) => o.id);
		await decisions.answerPoll(a, opened.id, choose(mardi));
		await decisions.answerPoll(a, opened.id, choose(jeudi));
		await decisions.answerPoll(b, opened.id, choose(jeudi));
		for (const bad of [choose(), choose(mardi, jeudi), choose(crypto.randomUUID())]) {
			expect((await refusal(decisions.answerPoll(c, opened.id, bad))).messageKey).toBe(
				'poll.choose_one'
			);
		}
		expect((await refusal(decisions.answerPoll(observer, opened.id, choose(mardi)))).kind).toBe(
			'forbidden'
		);
		const view = await decisions.pollView(c, opened.id);
		expect(view.options.map((o) => [o.label, o.votes])).toEqual([
			['Mardi', 0],
			['Jeudi', 2],
			['Vendredi', 0]
		]);
		expect(view.waiting.sort()).toEqual([lead.name, c.name].sort());
		expect(view.answers).toContainEqual({ name: a.name, choices: ['Jeudi'] });
	});

	it('takes several options when the poll allows it, but not none', async () => {
		const opened = await decisions.openPoll(lead, group.id, poll({ multiple: true }));
		const [mardi, , vendredi] = (await decisions.pollView(lead, opened.id)).options.map(
			(o) => o.id
		);
		expect((await refusal(decisions.answerPoll(a, opened.id, choose()))).messageKey).toBe(
			'poll.choose_some'
		);
		await decisions.answerPoll(a, opened.id, choose(mardi, vendredi));
		const view = await decisions.pollView(a, opened.id);
		expect(view.options.map((o) => o.votes)).toEqual([1, 0, 1]);
		expect(view.mine.values).toEqual({ [mardi]: 1, [vendredi]: 1 });
	});
});

describe('a ranking', () => {
	it('counts each rank and a Borda score, best first, and refuses duplicates or gaps', async () => {
		const opened = await decisions.openPoll(lead, group.id, poll({ kind: 'ranking' }));
		const [mardi, jeudi, vendredi] = (await decisions.pollView(lead, opened.id)).options.map(
			(o) => o.id
		);
		await decisions.answerPoll(a, opened.id, rank(jeudi, mardi, vendredi));
		await decisions.answerPoll(b, opened.id, rank(jeudi, vendredi, mardi));
		await decisions.answerPoll(c, opened.id, rank(mardi, jeudi, vendredi));
		const duplicate = {
			chosen: [],
			ranks: new Map([
				[mardi, 1],
				[jeudi, 1],
				[vendredi, 2]
			])
		};
		const gap = {
			chosen: [],
			ranks: new Map([
				[mardi, 1],
				[jeudi, 2]
			])
		};
		const outOfRange = {
			chosen: [],
			ranks: new Map([
				[mardi, 1],
				[jeudi, 2],
				[vendredi, 4]
			])
		};
		for (const bad of [duplicate, gap, outOfRange]) {
			expect((await refusal(decisions.answerPoll(lead, opened.id, bad))).messageKey).toBe(
				'poll.rank_each'
			);
		}
		const view = await decisions.pollView(lead, opened.id);
		// Jeudi: 2+2+1 = 5; Mardi: 1+0+2 = 3; Vendredi: 0+1+0 = 1.
		expect(view.options.map((o) => [o.label, o.borda, o.ranks])).toEqual([
			['Jeudi', 5, [2, 1, 0]],
			['Mardi', 3, [1, 1, 1]],
			['Vendredi', 1, [0, 1, 2]]
		]);
		expect(view.answers).toContainEqual({ name: a.name, choices: ['Jeudi', 'Mardi', 'Vendredi'] });
	});

	it('keeps an anonymous ranking as counts of each rank only', async () => {
		const opened = await decisions.openPoll(
			lead,
			group.id,
			poll({ kind: 'ranking', anonymous: true, options: ['Car', 'Train'] })
		);
		const [car, train] = (await decisions.pollView(lead, opened.id)).options.map((o) => o.id);
		await decisions.answerPoll(a, opened.id, rank(train, car));
		expect((await refusal(decisions.answerPoll(a, opened.id, rank(car, train)))).messageKey).toBe(
			'poll.already_answered_anonymous'
		);
		const answers = await db
			.select()
			.from(pollAnswers)
			.where(sql`poll_id = ${opened.id}`);
		expect(answers).toEqual([]);
		const tallies = await db
			.select()
			.from(pollTallies)
			.where(sql`poll_id = ${opened.id}`);
		expect(Object.fromEntries(tallies.map((t) => [t.key, t.count]))).toEqual({
			[`${train}:1`]: 1,
			[`${car}:2`]: 1
		});
		const view = await decisions.pollView(b, opened.id);
		expect(view.options.map((o) => [o.label, o.borda])).toEqual([
			['Train', 1],
			['Car', 0]
		]);
		expect(view.answers).toEqual([]);
	});
});

describe('closing', () => {
	it('refuses an answer once closed', async () => {
		const opened = await decisions.openPoll(lead, group.id, poll());
		const [mardi] = (await decisions.pollView(lead, opened.id)).options.map((o) => o.id);
		await decisions.closeNow(lead, opened.id);
		expect((await refusal(decisions.answerPoll(a, opened.id, choose(mardi)))).messageKey).toBe(
			'poll.closed'
		);
	});
});
