import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { db } from '$lib/server/db';
import {
	decisions,
	meetings,
	pollAnswers,
	polls,
	pollTallies,
	stances,
	threads,
	users,
	type Poll,
	type Stance
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
import { MAX_OPEN_DAYS, type AnswerInput, type ProposalInput } from './schema';

const DAY = 24 * 60 * 60 * 1000;
/** The soonest a proposal may close: time for the group to read it. */
const MIN_OPEN_MS = 60 * 60 * 1000;

const invalid = (key: 'poll.closes_too_soon' | 'poll.closes_too_late') =>
	new ServiceError('invalid', key, 'closesAt');

/** Refuses a closing time too soon or too far away. */
export function checkClosing(closesAt: Date, now = new Date()) {
	if (closesAt.getTime() < now.getTime() + MIN_OPEN_MS) throw invalid('poll.closes_too_soon');
	if (closesAt.getTime() > now.getTime() + MAX_OPEN_DAYS * DAY)
		throw invalid('poll.closes_too_late');
}

/**
 * Opens a proposal in the group, from one of its threads or meetings or on its own. With
 * `origin`, the group's members and leads hear of it once the request is answered.
 */
export async function openProposal(
	actor: Actor,
	groupId: string,
	input: ProposalInput,
	origin?: string
): Promise<Poll> {
	const { group, context } = await groupAccess(actor, groupId);
	if (!can(actor, 'group.contribute', context)) throw forbidden();
	checkClosing(input.closesAt);
	if (input.thread) {
		const [thread] = await db
			.select({ groupId: threads.groupId })
			.from(threads)
			.where(eq(threads.id, input.thread));
		if (thread?.groupId !== group.id)
			throw new ServiceError('invalid', 'error.not_found', 'thread');
	}
	if (input.meeting) {
		const [meeting] = await db
			.select({ groupId: meetings.groupId })
			.from(meetings)
			.where(eq(meetings.id, input.meeting));
		if (meeting?.groupId !== group.id)
			throw new ServiceError('invalid', 'error.not_found', 'meeting');
	}
	const poll = await db.transaction(async (tx) => {
		const [created] = await tx
			.insert(polls)
			.values({
				groupId: group.id,
				kind: 'proposal',
				title: input.title,
				body: input.body,
				bodyText: toPlainText(input.body),
				authorId: actor!.id,
				anonymous: input.anonymous,
				threadId: input.thread,
				meetingId: input.meeting,
				closesAt: input.closesAt
			})
			.returning();
		await activityLog.record(tx, {
			groupId: group.id,
			actorId: actor!.id,
			subjectType: 'proposal',
			subjectId: created.id,
			verb: 'created',
			label: created.title
		});
		return created;
	});
	publish({ type: 'decisions', groupId: group.id });
	if (origin) afterAnswer('Proposal notifications', () => notifyOpened(poll, origin));
	return poll;
}

/**
 * Records the person's answer, or their new answer. Under the poll's row lock, the database
 * checks that it is still open (at its own clock, so an answer a millisecond late is refused
 * whatever the page showed), then writes: in an anonymous poll, that the person took part and
 * one more in the stance's count, never both together; otherwise a new current answer, the
 * previous one kept as history.
 */
export async function answerProposal(actor: Actor, pollId: string, input: AnswerInput) {
	const { poll, participant } = await pollAccess(actor, pollId);
	if (poll.kind !== 'proposal') throw forbidden();
	if (!participant) throw forbidden();
	const userId = actor!.id;
	await db.transaction(async (tx) => {
		await lockOpen(tx, poll.id, 'stance');
		if (!poll.anonymous) {
			await replaceAnswer(tx, poll.id, userId, input);
			return;
		}
		await countAnonymously(tx, poll.id, userId, [input.stance], 'stance');
		if (input.reason) {
			// Without who wrote it, and at the poll's own time: nothing to match with a voter.
			await tx.insert(pollAnswers).values({
				pollId: poll.id,
				userId: null,
				stance: input.stance,
				reason: input.reason,
				createdAt: poll.createdAt
			});
		}
	});
	publish({ type: 'decisions', groupId: poll.groupId });
}

/** Closes a proposal or poll now, before its closing time. */
export async function closeNow(actor: Actor, pollId: string) {
	const { poll, manager } = await pollAccess(actor, pollId);
	if (!manager) throw forbidden();
	const [done] = await db
		.update(polls)
		.set({ closedAt: sql`statement_timestamp()` })
		.where(
			and(
				eq(polls.id, poll.id),
				sql`${polls.closedAt} is null and ${polls.closesAt} > statement_timestamp()`
			)
		)
		.returning({ id: polls.id });
	if (!done) throw new ServiceError('conflict', 'poll.closed');
	await activityLog.record(db, {
		groupId: poll.groupId,
		actorId: actor!.id,
		subjectType: poll.kind === 'proposal' ? 'proposal' : 'poll',
		subjectId: poll.id,
		verb: 'closed',
		label: poll.title
	});
	publish({ type: 'decisions', groupId: poll.groupId });
}

/**
 * Moves a proposal's or poll's closing time. One that has closed opens again, as long as its
 * outcome has not been written (nor, for a date poll, its meeting scheduled).
 */
export async function extend(actor: Actor, pollId: string, closesAt: Date) {
	const { poll, manager } = await pollAccess(actor, pollId);
	if (!manager) throw forbidden();
	checkClosing(closesAt);
	const [decided] = await db
		.select({ id: decisions.id })
		.from(decisions)
		.where(eq(decisions.pollId, poll.id));
	if (decided) throw new ServiceError('conflict', 'poll.already_decided', 'closesAt');
	const [moved] = await db
		.update(polls)
		.set({ closesAt, closedAt: null })
		.where(and(eq(polls.id, poll.id), isNull(polls.chosenOptionId)))
		.returning({ id: polls.id });
	if (!moved) throw new ServiceError('conflict', 'poll.already_scheduled', 'closesAt');
	publish({ type: 'decisions', groupId: poll.groupId });
}

export type Tally = Record<Stance, number>;

/**
 * An anonymous proposal's reasons by stance, then by their words: never in the order they were
 * written, which a reader could match with the order people answered in.
 */
function anonymousOrder<T extends { stance: Stance | null; reason: string }>(answers: T[]): T[] {
	const collator = new Intl.Collator('fr');
	return [...answers].sort(
		(a, b) =>
			stances.indexOf(a.stance!) - stances.indexOf(b.stance!) ||
			collator.compare(a.reason, b.reason)
	);
}

/**
 * What a proposal's page shows the person: the proposal, its counts, each answer with its reason
 * (with names unless anonymous), who may still answer and has not, the person's own answer and
 * its history, and its outcome once written.
 */
export async function proposalView(actor: Actor, pollId: string) {
	const access = await pollAccess(actor, pollId);
	const { poll, group } = access;
	const [author] = poll.authorId
		? await db.select({ name: users.name }).from(users).where(eq(users.id, poll.authorId))
		: [];
	// The author of a named proposal sees how each answer changed; everyone sees their own.
	const seesHistory = !poll.anonymous && poll.authorId !== null && poll.authorId === actor!.id;
	const [answers, { answered, waiting }, tallies, given, [decision]] = await Promise.all([
		db
			.select({
				userId: pollAnswers.userId,
				name: users.name,
				stance: pollAnswers.stance,
				reason: pollAnswers.reason,
				at: pollAnswers.createdAt
			})
			.from(pollAnswers)
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
		poll.anonymous
			? Promise.resolve([])
			: db
					.select({
						userId: pollAnswers.userId,
						stance: pollAnswers.stance,
						reason: pollAnswers.reason,
						at: pollAnswers.createdAt,
						current: pollAnswers.current
					})
					.from(pollAnswers)
					.where(
						and(
							eq(pollAnswers.pollId, poll.id),
							seesHistory ? undefined : eq(pollAnswers.userId, actor!.id)
						)
					)
					.orderBy(desc(pollAnswers.createdAt)),
		db
			.select({ id: decisions.id, title: decisions.title, decidedOn: decisions.decidedOn })
			.from(decisions)
			.where(eq(decisions.pollId, poll.id))
	]);
	const tally = Object.fromEntries(stances.map((s) => [s, 0])) as Tally;
	if (poll.anonymous) {
		for (const t of tallies) if (t.key in tally) tally[t.key as Stance] = t.count;
	} else {
		for (const a of answers) if (a.stance) tally[a.stance]++;
	}
	const mine = given
		.filter((g) => g.userId === actor!.id)
		.map(({ stance, reason, at, current }) => ({ stance, reason, at, current }));
	const earlier = new Map<string, { stance: Stance | null; reason: string; at: Date }[]>();
	for (const g of given) {
		if (g.current || !g.userId || !seesHistory) continue;
		earlier.set(g.userId, [
			...(earlier.get(g.userId) ?? []),
			{ stance: g.stance, reason: g.reason, at: g.at }
		]);
	}
	const open = isOpen(poll);
	return {
		poll: {
			id: poll.id,
			groupId: poll.groupId,
			kind: poll.kind,
			title: poll.title,
			body: poll.body,
			anonymous: poll.anonymous,
			author: author?.name ?? null,
			authorId: poll.authorId,
			createdAt: poll.createdAt,
			closesAt: poll.closesAt,
			closedAt: poll.closedAt,
			threadId: poll.threadId,
			meetingId: poll.meetingId,
			open
		},
		tally,
		answered: answered.size,
		/** Each current answer: by name, or (anonymous) only the reasons given. */
		answers: (poll.anonymous ? anonymousOrder(answers) : answers)
			.filter((a) => a.stance && (a.reason || !poll.anonymous))
			.map((a) => ({
				name: poll.anonymous ? null : (a.name ?? null),
				stance: a.stance!,
				reason: a.reason,
				at: poll.anonymous ? null : a.at,
				/** The person's earlier answers, latest first: shown to the author only. */
				earlier: a.userId ? (earlier.get(a.userId) ?? []) : []
			})),
		waiting,
		mine: {
			answered: answered.has(actor!.id),
			current: mine.find((m) => m.current) ?? null,
			history: mine.filter((m) => !m.current)
		},
		decision: decision ?? null,
		participant: access.participant && open,
		/** Whether the person may change an answer already given (never in an anonymous poll). */
		canChange: !poll.anonymous,
		manager: access.manager
	};
}
export type ProposalView = Awaited<ReturnType<typeof proposalView>>;
