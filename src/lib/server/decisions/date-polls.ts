import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Locale } from '$lib/i18n';
import { db, type Transaction } from '$lib/server/db';
import {
	pollAnswers,
	pollChoices,
	pollOptions,
	polls,
	users,
	type Meeting,
	type Poll
} from '$lib/server/db/schema';
import { toPlainText } from '$lib/richtext/render';
import * as activityLog from '../activity';
import { forbidden, ServiceError } from '../errors';
import { access as groupAccess } from '../groups';
import { afterAnswer } from '../jobs';
import { publish } from '../live';
import * as meetings from '../meetings';
import * as invitations from '../meetings/invitations';
import { can, type Actor } from '../policy';
import { isOpen, pollAccess } from './access';
import { lockOpen, replaceAnswer, takingPart } from './answers';
import { inviteToDatePoll } from './date-poll-mail';
import { answering, ring } from './notifications';
import { checkClosing } from './proposals';
import type { DatePollInput } from './schema';

// A date poll: the person organising a meeting offers slots, the group's members and leads say
// yes, if need be or no to each, and the organiser schedules the meeting on the slot chosen.

/** Opens a date poll in the group; its invitation e-mails (with one-click answers) follow. */
export async function openDatePoll(
	actor: Actor,
	groupId: string,
	input: DatePollInput,
	origin?: string
): Promise<Poll> {
	const { group, context } = await groupAccess(actor, groupId);
	if (!can(actor, 'meeting.manage', context)) throw forbidden();
	checkClosing(input.closesAt);
	const now = Date.now();
	const past = input.slots.findIndex((slot) => slot.startsAt.getTime() <= now);
	if (past >= 0) throw new ServiceError('invalid', 'poll.slot_past', `slots.${past}.day`);
	// Answers are wanted before the first slot begins: after it, that slot can no longer be chosen.
	const first = Math.min(...input.slots.map((slot) => slot.startsAt.getTime()));
	if (input.closesAt.getTime() > first)
		throw new ServiceError('invalid', 'poll.closes_after_slot', 'closesAt');
	const slots = [...input.slots].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
	const poll = await db.transaction(async (tx) => {
		const [created] = await tx
			.insert(polls)
			.values({
				groupId: group.id,
				kind: 'dates',
				title: input.title,
				body: input.body,
				bodyText: toPlainText(input.body),
				authorId: actor!.id,
				closesAt: input.closesAt
			})
			.returning();
		await tx.insert(pollOptions).values(
			slots.map((slot, position) => ({
				pollId: created.id,
				position,
				startsAt: slot.startsAt,
				endsAt: slot.endsAt,
				place: slot.place
			}))
		);
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
	if (origin) {
		afterAnswer('Date poll invitations', async () => {
			await ring(await answering(group.id, actor!.id), {
				kind: 'poll',
				actorId: actor!.id,
				pollId: poll.id
			});
			await inviteToDatePoll(poll.id, origin);
		});
	}
	return poll;
}

/**
 * Records a person's answers to some of a date poll's slots, under the poll's row lock and while
 * the database's clock says it is open: the slots named take their new answer, the others keep
 * theirs (an e-mail link answers one slot at a time). The person's previous answer stays as
 * their history.
 */
export async function recordSlots(
	pollId: string,
	userId: string,
	values: Map<string, number>
): Promise<void> {
	const options = await db
		.select({ id: pollOptions.id })
		.from(pollOptions)
		.where(eq(pollOptions.pollId, pollId));
	const known = new Set(options.map((o) => o.id));
	const given = [...values];
	if (
		given.length === 0 ||
		given.some(([id, v]) => !known.has(id) || !(v === 0 || v === 1 || v === 2))
	)
		throw new ServiceError('invalid', 'poll.answer_slots', 'slots');
	await db.transaction(async (tx: Transaction) => {
		await lockOpen(tx, pollId, 'slots');
		const before = await tx
			.select({ optionId: pollChoices.optionId, value: pollChoices.value })
			.from(pollAnswers)
			.innerJoin(pollChoices, eq(pollChoices.answerId, pollAnswers.id))
			.where(
				and(
					eq(pollAnswers.pollId, pollId),
					eq(pollAnswers.userId, userId),
					eq(pollAnswers.current, true)
				)
			);
		const merged = new Map(before.map((c) => [c.optionId, c.value]));
		for (const [id, v] of given) merged.set(id, v);
		const answerId = await replaceAnswer(tx, pollId, userId);
		await tx
			.insert(pollChoices)
			.values([...merged].map(([optionId, value]) => ({ answerId, optionId, value })));
	});
}

/** A participant's answers to a date poll's slots, from the app. */
export async function answerSlots(actor: Actor, pollId: string, values: Map<string, number>) {
	const { poll, participant } = await pollAccess(actor, pollId);
	if (poll.kind !== 'dates' || !participant) throw forbidden();
	await recordSlots(poll.id, actor!.id, values);
	publish({ type: 'decisions', groupId: poll.groupId });
}

export interface SlotTally {
	id: string;
	position: number;
	startsAt: Date;
	endsAt: Date;
	place: string;
	yes: number;
	maybe: number;
	no: number;
}

/**
 * The best slots first: most people able to come (yes or if need be), then most who said yes
 * outright, then the earliest. A slot many can make "if need be" beats one a few prefer.
 */
export const bestFirst = (slots: SlotTally[]) =>
	[...slots].sort(
		(a, b) =>
			b.yes + b.maybe - (a.yes + a.maybe) ||
			b.yes - a.yes ||
			a.startsAt.getTime() - b.startsAt.getTime()
	);

/** A date poll's slots with their counts, in time order, and every current answer by person. */
export async function slotsOf(pollId: string) {
	const [options, answers] = await Promise.all([
		db
			.select({
				id: pollOptions.id,
				position: pollOptions.position,
				startsAt: pollOptions.startsAt,
				endsAt: pollOptions.endsAt,
				place: pollOptions.place
			})
			.from(pollOptions)
			.where(eq(pollOptions.pollId, pollId))
			.orderBy(asc(pollOptions.position)),
		db
			.select({
				userId: pollAnswers.userId,
				name: users.name,
				optionId: pollChoices.optionId,
				value: pollChoices.value
			})
			.from(pollAnswers)
			.innerJoin(pollChoices, eq(pollChoices.answerId, pollAnswers.id))
			.leftJoin(users, eq(users.id, pollAnswers.userId))
			.where(and(eq(pollAnswers.pollId, pollId), eq(pollAnswers.current, true)))
			.orderBy(asc(users.name))
	]);
	const slots: SlotTally[] = options.map((o) => ({
		id: o.id,
		position: o.position,
		startsAt: o.startsAt!,
		endsAt: o.endsAt!,
		place: o.place ?? '',
		yes: 0,
		maybe: 0,
		no: 0
	}));
	const byId = new Map(slots.map((s) => [s.id, s]));
	const people = new Map<string, { name: string; values: Record<string, number> }>();
	for (const a of answers) {
		const slot = byId.get(a.optionId);
		if (slot) slot[a.value === 2 ? 'yes' : a.value === 1 ? 'maybe' : 'no']++;
		if (!a.userId) continue;
		const person = people.get(a.userId) ?? { name: a.name ?? '', values: {} };
		person.values[a.optionId] = a.value;
		people.set(a.userId, person);
	}
	return { slots, people };
}

/**
 * A date poll's page: the slots in time order (the answer form) and best first (the grid), every
 * participant's answers, who has yet to answer, the person's own answers and, once the organiser
 * picked a slot, the meeting scheduled from it. Another kind of poll gives its kind alone, for
 * the page to send the person to its own page.
 */
export async function datePollView(actor: Actor, pollId: string) {
	const access = await pollAccess(actor, pollId);
	const { poll, group } = access;
	if (poll.kind !== 'dates')
		return { other: { id: poll.id, kind: poll.kind, groupId: poll.groupId } };
	const [{ slots, people }, { answered, waiting }, [author], history] = await Promise.all([
		slotsOf(poll.id),
		takingPart(group.id, poll.id),
		poll.authorId
			? db.select({ name: users.name }).from(users).where(eq(users.id, poll.authorId))
			: Promise.resolve([]),
		db
			.select({ at: pollAnswers.createdAt })
			.from(pollAnswers)
			.where(and(eq(pollAnswers.pollId, poll.id), eq(pollAnswers.userId, actor!.id)))
			.orderBy(desc(pollAnswers.createdAt))
	]);
	const open = isOpen(poll);
	return {
		other: null,
		poll: {
			id: poll.id,
			groupId: poll.groupId,
			kind: poll.kind,
			title: poll.title,
			body: poll.body,
			author: author?.name ?? null,
			createdAt: poll.createdAt,
			closesAt: poll.closesAt,
			closedAt: poll.closedAt,
			chosenSlotId: poll.chosenOptionId,
			meetingId: poll.meetingId,
			open
		},
		slots,
		best: bestFirst(slots),
		people: [...people.entries()].map(([id, p]) => ({ id, ...p })),
		answered: answered.size,
		waiting,
		mine: people.get(actor!.id)?.values ?? {},
		/** When the person answered, latest first: their answer's history. */
		history: history.map((h) => h.at),
		participant: access.participant && open,
		/** Whether the person may pick a slot and schedule the meeting from it. */
		organiser:
			access.manager && can(actor, 'meeting.manage', access.context) && poll.chosenOptionId === null
	};
}

/**
 * Schedules the meeting a date poll settles, on the slot its organiser picked: in the meeting's
 * own transaction the poll is claimed (its `chosen_option_id` set where it was still null, and
 * closed), the meeting written with the group's members invited, and linked from the poll; its
 * invitations and calendar files then go out as for any meeting.
 */
export async function scheduleFromSlot(
	actor: Actor,
	pollId: string,
	slotId: string,
	title: string,
	locale: Locale
): Promise<Meeting> {
	const { poll, manager, context } = await pollAccess(actor, pollId);
	if (poll.kind !== 'dates' || !manager || !can(actor, 'meeting.manage', context))
		throw forbidden();
	const [slot] = await db
		.select()
		.from(pollOptions)
		.where(and(eq(pollOptions.pollId, poll.id), eq(pollOptions.id, slotId)));
	if (!slot?.startsAt || !slot.endsAt)
		throw new ServiceError('invalid', 'validation.choose', 'slot');
	if (slot.startsAt.getTime() <= Date.now())
		throw new ServiceError('invalid', 'poll.slot_past', 'slot');
	const input: meetings.MeetingInput = {
		title,
		startsAt: slot.startsAt,
		endsAt: slot.endsAt,
		placeKind: 'address',
		placeOrganisationId: null,
		placeText: slot.place ?? '',
		onlineUrl: '',
		agenda: []
	};
	const invitees = await meetings.newInvitees(actor!, poll.groupId, [], true);
	// The poll is claimed, the meeting written and linked from it in one transaction: two
	// clicks make one meeting, and a failure leaves the poll as it was, to try again.
	const meeting = await meetings.insert(actor!, poll.groupId, input, invitees, locale, {
		within: {
			before: async (tx) => {
				const [claimed] = await tx
					.update(polls)
					.set({ chosenOptionId: slot.id, closedAt: sql`coalesce(${polls.closedAt}, now())` })
					.where(and(eq(polls.id, poll.id), isNull(polls.chosenOptionId)))
					.returning({ id: polls.id });
				if (!claimed) throw new ServiceError('conflict', 'poll.already_scheduled', 'slot');
			},
			after: async (tx, written) => {
				await tx.update(polls).set({ meetingId: written.id }).where(eq(polls.id, poll.id));
			}
		}
	});
	publish({ type: 'decisions', groupId: poll.groupId });
	await invitations.sync(meeting.id);
	return meeting;
}
