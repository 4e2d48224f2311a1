import { and, eq, gt, inArray, isNull, lte, ne } from 'drizzle-orm';
import { formatDate, translate, type Locale } from '$lib/i18n';
import { db } from '$lib/server/db';
import {
	groupMembers,
	groups,
	notifications,
	polls,
	pollVoters,
	users,
	type PollKind
} from '$lib/server/db/schema';
import { pollPath } from '$lib/polls';
import * as live from '../live';
import * as mail from '../mail';
import * as preferences from '../preferences';

/** Those who answer the group's proposals (members and leads), but `except`. */
async function participants(groupId: string, except: string | null) {
	return db
		.select({ id: users.id, email: users.email, name: users.name, locale: users.locale })
		.from(groupMembers)
		.innerJoin(users, eq(users.id, groupMembers.userId))
		.where(
			and(
				eq(groupMembers.groupId, groupId),
				inArray(groupMembers.role, ['member', 'lead']),
				isNull(users.disabledAt),
				except ? ne(users.id, except) : undefined
			)
		);
}

type Person = Awaited<ReturnType<typeof participants>>[number];

/**
 * E-mails each of `people` who wants to hear about proposals and decisions as they happen;
 * returns how many were sent.
 */
async function mailEach(
	people: Person[],
	kind: string,
	message: (locale: Locale, person: Person) => { subject: string; text: string }
): Promise<number> {
	const now = await preferences.immediateAmong(
		people.map((p) => p.id),
		'decisions'
	);
	let sent = 0;
	for (const person of people) {
		if (!now.has(person.id)) continue;
		await mail.send({ to: person.email, kind, ...message(person.locale ?? 'fr', person) });
		sent++;
	}
	return sent;
}

/**
 * Puts an entry in each person's notification list (the bell in the header), whatever they chose
 * for e-mails, and tells their open pages.
 */
export async function ring(
	userIds: string[],
	entry: {
		kind: 'poll' | 'poll_reminder' | 'decision';
		actorId: string | null;
		pollId?: string;
		decisionId?: string;
	}
): Promise<void> {
	if (userIds.length === 0) return;
	await db.insert(notifications).values(userIds.map((userId) => ({ userId, ...entry })));
	for (const userId of userIds) live.publish({ type: 'notification', userId });
}

/** Those who answer a group's polls (members and leads), but `except`, by id. */
export async function answering(groupId: string, except: string | null): Promise<string[]> {
	return (await participants(groupId, except)).map((p) => p.id);
}

async function groupOf(groupId: string) {
	const [group] = await db
		.select({ name: groups.name, slug: groups.slug })
		.from(groups)
		.where(eq(groups.id, groupId));
	return group;
}

export { pollPath };

/** A proposal or a quick poll was opened: the group's members and leads (but its author) hear of it. */
export async function notifyOpened(
	poll: {
		id: string;
		kind: PollKind;
		groupId: string;
		title: string;
		closesAt: Date;
		authorId: string | null;
	},
	origin: string
) {
	const group = await groupOf(poll.groupId);
	if (!group) return;
	const link = `${origin}${pollPath(group.slug, poll)}`;
	const proposal = poll.kind === 'proposal';
	const people = await participants(poll.groupId, poll.authorId);
	await ring(
		people.map((p) => p.id),
		{ kind: 'poll', actorId: poll.authorId, pollId: poll.id }
	);
	await mailEach(people, proposal ? 'proposal' : 'poll', (locale, person) => ({
		subject: translate(locale, proposal ? 'mail.proposal.subject' : 'mail.poll.subject', {
			group: group.name,
			title: poll.title
		}),
		text: translate(locale, proposal ? 'mail.proposal.body' : 'mail.poll.body', {
			name: person.name,
			group: group.name,
			title: poll.title,
			closes: formatDate(locale, poll.closesAt, 'datetime'),
			link
		})
	}));
}

/** A proposal's outcome was written: the group's members and leads hear of the decision. */
export async function notifyDecided(
	decision: { id: string; groupId: string; title: string },
	actorId: string,
	origin: string
) {
	const group = await groupOf(decision.groupId);
	if (!group) return;
	const link = `${origin}/groupes/${group.slug}/decisions/${decision.id}`;
	const people = await participants(decision.groupId, actorId);
	await ring(
		people.map((p) => p.id),
		{ kind: 'decision', actorId, decisionId: decision.id }
	);
	await mailEach(people, 'decision', (locale, person) => ({
		subject: translate(locale, 'mail.decision.subject', {
			group: group.name,
			title: decision.title
		}),
		text: translate(locale, 'mail.decision.body', {
			name: person.name,
			group: group.name,
			title: decision.title,
			link
		})
	}));
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * The day before a proposal closes, those who may answer it and have not are reminded. Each
 * proposal is claimed by setting its `reminded_at` in the statement that finds it, so a reminder
 * goes out once even with several instances running this job.
 */
export async function remindClosingSoon(origin: string, now = new Date()): Promise<number> {
	const due = await db
		.update(polls)
		.set({ remindedAt: now })
		.where(
			and(
				isNull(polls.remindedAt),
				isNull(polls.closedAt),
				gt(polls.closesAt, now),
				lte(polls.closesAt, new Date(now.getTime() + DAY)),
				// A proposal opened less than a day before it closes was announced just now.
				lte(polls.createdAt, new Date(now.getTime() - DAY / 2))
			)
		)
		.returning({
			id: polls.id,
			kind: polls.kind,
			groupId: polls.groupId,
			title: polls.title,
			closesAt: polls.closesAt
		});
	let sent = 0;
	for (const poll of due) {
		const group = await groupOf(poll.groupId);
		if (!group) continue;
		const waiting = await participants(poll.groupId, null);
		const answered = new Set(
			(
				await db
					.select({ userId: pollVoters.userId })
					.from(pollVoters)
					.where(eq(pollVoters.pollId, poll.id))
			).map((v) => v.userId)
		);
		const link = `${origin}${pollPath(group.slug, poll)}`;
		const people = waiting.filter((p) => !answered.has(p.id));
		await ring(
			people.map((p) => p.id),
			{ kind: 'poll_reminder', actorId: null, pollId: poll.id }
		);
		// A proposal is weighed; a poll (quick or of dates) is answered: each has its words.
		const kind = poll.kind === 'proposal' ? 'proposal_reminder' : 'poll_reminder';
		sent += await mailEach(people, kind, (locale, person) => ({
			subject: translate(locale, `mail.${kind}.subject`, { title: poll.title }),
			text: translate(locale, `mail.${kind}.body`, {
				name: person.name,
				group: group.name,
				title: poll.title,
				closes: formatDate(locale, poll.closesAt, 'datetime'),
				link
			})
		}));
	}
	return sent;
}
