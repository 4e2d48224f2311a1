import { and, asc, desc, eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import {
	pollAnswers,
	pollChoices,
	pollOptions,
	polls,
	pollTallies,
	users,
	type Poll
} from '$lib/server/db/schema';
import { toPlainText } from '$lib/richtext/render';
import * as activityLog from '../activity';
import { forbidden, ServiceError } from '../errors';
import { access as groupAccess } from '../groups';
import { afterAnswer } from '../jobs';
import { publish } from '../live';
import { can, type Actor } from '../policy';
import { isOpen, pollAccess } from './access';
import { countAnonymously, lockOpen, replaceAnswer, takingPart } from './answers';
import { notifyOpened } from './notifications';
import { checkClosing } from './proposals';
import type { PollInput } from './schema';

/** Opens a quick poll (one choice, several, or a ranking) in the group. */
export async function openPoll(
	actor: Actor,
	groupId: string,
	input: PollInput,
	origin?: string
): Promise<Poll> {
	const { group, context } = await groupAccess(actor, groupId);
	if (!can(actor, 'group.contribute', context)) throw forbidden();
	checkClosing(input.closesAt);
	const poll = await db.transaction(async (tx) => {
		const [created] = await tx
			.insert(polls)
			.values({
				groupId: group.id,
				kind: input.kind,
				title: input.title,
				body: input.body,
				bodyText: toPlainText(input.body),
				authorId: actor!.id,
				anonymous: input.anonymous,
				multiple: input.kind === 'choice' && input.multiple,
				closesAt: input.closesAt
			})
			.returning();
		await tx
			.insert(pollOptions)
			.values(input.options.map((label, position) => ({ pollId: created.id, position, label })));
		await activityLog.record(tx, {
			groupId: group.id,
			actorId: actor!.id,
			subjectType: 'poll',
			subjectId: created.id,
			verb: 'created',
			label: created.title
		});
		return created;
	});
	publish({ type: 'decisions', groupId: group.id });
	if (origin) afterAnswer('Poll notifications', () => notifyOpened(poll, origin));
	return poll;
}

const invalidAnswer = (key: 'poll.choose_one' | 'poll.choose_some' | 'poll.rank_each') =>
	new ServiceError('invalid', key, 'choice');

/**
 * What an answer says of each option, checked against the poll: one option (a single choice), at
 * least one (several), or every option ranked once from 1 (a ranking: no rank twice, none missing).
 */
function valuesOf(
	poll: Poll,
	optionIds: string[],
	answer: { chosen: string[]; ranks: Map<string, number> }
): Map<string, number> {
	const known = new Set(optionIds);
	if (poll.kind === 'ranking') {
		const ranks = [...answer.ranks];
		const used = new Set(ranks.map(([, r]) => r));
		const complete =
			ranks.length === optionIds.length &&
			ranks.every(
				([id, r]) => known.has(id) && Number.isInteger(r) && r >= 1 && r <= optionIds.length
			) &&
			used.size === optionIds.length;
		if (!complete) throw invalidAnswer('poll.rank_each');
		return new Map(ranks);
	}
	const chosen = [...new Set(answer.chosen)];
	if (chosen.some((id) => !known.has(id))) throw invalidAnswer('poll.choose_one');
	if (!poll.multiple && chosen.length !== 1) throw invalidAnswer('poll.choose_one');
	if (poll.multiple && chosen.length === 0) throw invalidAnswer('poll.choose_some');
	return new Map(chosen.map((id) => [id, 1]));
}

/**
 * Records the person's answer to a quick poll, checked and written as a proposal's is: under the
 * poll's row lock, the database's clock deciding whether it is still open; an anonymous answer
 * only adds to counts (once per person), another replaces the person's current answer.
 */
export async function answerPoll(
	actor: Actor,
	pollId: string,
	answer: { chosen: string[]; ranks: Map<string, number> }
) {
	const { poll, participant } = await pollAccess(actor, pollId);
	if (poll.kind !== 'choice' && poll.kind !== 'ranking') throw forbidden();
	if (!participant) throw forbidden();
	const options = await db
		.select({ id: pollOptions.id })
		.from(pollOptions)
		.where(eq(pollOptions.pollId, poll.id));
	const values = valuesOf(
		poll,
		options.map((o) => o.id),
		answer
	);
	const userId = actor!.id;
	await db.transaction(async (tx) => {
		await lockOpen(tx, poll.id, 'choice');
		if (poll.anonymous) {
			const keys = [...values].map(([optionId, value]) =>
				poll.kind === 'ranking' ? `${optionId}:${value}` : optionId
			);
			await countAnonymously(tx, poll.id, userId, keys, 'choice');
			return;
		}
		const answerId = await replaceAnswer(tx, poll.id, userId);
		await tx
			.insert(pollChoices)
			.values([...values].map(([optionId, value]) => ({ answerId, optionId, value })));
	});
	publish({ type: 'decisions', groupId: poll.groupId });
}

/**
 * A quick poll's page: its options with their counts (a ranking: how many put each option at
 * each rank, and its Borda score — n−1 points for a first place down to 0 for the last — best
 * first), who answered what unless anonymous, who has yet to answer, and the person's answer.
 */
export async function pollView(actor: Actor, pollId: string) {
	const access = await pollAccess(actor, pollId);
	const { poll, group } = access;
	const [options, current, { answered, waiting }, tallies, [author]] = await Promise.all([
		db
			.select({ id: pollOptions.id, label: pollOptions.label })
			.from(pollOptions)
			.where(eq(pollOptions.pollId, poll.id))
			.orderBy(asc(pollOptions.position)),
		poll.anonymous
			? Promise.resolve([])
			: db
					.select({
						userId: pollAnswers.userId,
						name: users.name,
						optionId: pollChoices.optionId,
						value: pollChoices.value,
						at: pollAnswers.createdAt
					})
					.from(pollAnswers)
					.innerJoin(pollChoices, eq(pollChoices.answerId, pollAnswers.id))
					.leftJoin(users, eq(users.id, pollAnswers.userId))
					.where(and(eq(pollAnswers.pollId, poll.id), eq(pollAnswers.current, true)))
					.orderBy(desc(pollAnswers.createdAt)),
		takingPart(group.id, poll.id),
		poll.anonymous
			? db
					.select({ key: pollTallies.key, count: pollTallies.count })
					.from(pollTallies)
					.where(eq(pollTallies.pollId, poll.id))
			: Promise.resolve([]),
		poll.authorId
			? db.select({ name: users.name }).from(users).where(eq(users.id, poll.authorId))
			: Promise.resolve([])
	]);
	const n = options.length;
	// counts[option][value]: a choice's value is 1, a ranking's the rank given.
	const counts = new Map(options.map((o) => [o.id, new Map<number, number>()]));
	const add = (optionId: string, value: number, by = 1) => {
		const of = counts.get(optionId);
		if (of) of.set(value, (of.get(value) ?? 0) + by);
	};
	if (poll.anonymous) {
		for (const t of tallies) {
			const [optionId, rank] = t.key.split(':');
			add(optionId, rank ? Number(rank) : 1, t.count);
		}
	} else {
		for (const c of current) add(c.optionId, c.value);
	}
	const rows = options.map((o) => {
		const of = counts.get(o.id)!;
		const ranks = Array.from({ length: n }, (_, i) => of.get(i + 1) ?? 0);
		return {
			id: o.id,
			label: o.label,
			votes: poll.kind === 'ranking' ? 0 : (of.get(1) ?? 0),
			ranks,
			borda: ranks.reduce((sum, count, i) => sum + count * (n - 1 - i), 0)
		};
	});
	const ranked = poll.kind === 'ranking' ? [...rows].sort((a, b) => b.borda - a.borda) : rows;
	const byPerson = new Map<string, { name: string; values: Map<string, number> }>();
	for (const c of current) {
		if (!c.userId) continue;
		const entry = byPerson.get(c.userId) ?? { name: c.name ?? '', values: new Map() };
		entry.values.set(c.optionId, c.value);
		byPerson.set(c.userId, entry);
	}
	const label = new Map(options.map((o) => [o.id, o.label]));
	const describe = (values: Map<string, number>) =>
		poll.kind === 'ranking'
			? [...values].sort((a, b) => a[1] - b[1]).map(([id]) => label.get(id) ?? '')
			: [...values.keys()].map((id) => label.get(id) ?? '');
	const mine = byPerson.get(actor!.id);
	const open = isOpen(poll);
	return {
		poll: {
			id: poll.id,
			groupId: poll.groupId,
			kind: poll.kind,
			title: poll.title,
			body: poll.body,
			anonymous: poll.anonymous,
			multiple: poll.multiple,
			author: author?.name ?? null,
			createdAt: poll.createdAt,
			closesAt: poll.closesAt,
			closedAt: poll.closedAt,
			open
		},
		/** The options with their counts, best first for a ranking. */
		options: ranked,
		/** The options in the author's order, as the answer form offers them. */
		choices: rows.map(({ id, label }) => ({ id, label })),
		answered: answered.size,
		answers: [...byPerson.values()].map((p) => ({ name: p.name, choices: describe(p.values) })),
		waiting,
		mine: {
			answered: answered.has(actor!.id),
			values: mine ? Object.fromEntries(mine.values) : null
		},
		participant: access.participant && open,
		canChange: !poll.anonymous,
		manager: access.manager
	};
}
export type PollView = Awaited<ReturnType<typeof pollView>>;
