import { and, asc, eq, inArray, isNull, ne } from 'drizzle-orm';
import { dateTimeFormat, formatDate, translate, type Locale } from '$lib/i18n';
import { db, type Transaction } from '$lib/server/db';
import { groupMembers, groups, pollOptions, polls, pollTokens, users } from '$lib/server/db/schema';
import { generateToken, hashToken } from '../auth/tokens';
import * as mail from '../mail';
import * as preferences from '../preferences';
import type { SlotAnswer } from './schema';

/** A slot as e-mails and the answer page say it, in Paris time: "mardi 12 janvier 2027, 18:00 – 20:00". */
export function slotLine(
	locale: Locale,
	slot: { startsAt: Date; endsAt: Date; place: string | null }
): string {
	const day = dateTimeFormat(locale, {
		dateStyle: 'full',
		timeStyle: 'short',
		timeZone: 'Europe/Paris'
	}).format(slot.startsAt);
	const end = dateTimeFormat(locale, { timeStyle: 'short', timeZone: 'Europe/Paris' }).format(
		slot.endsAt
	);
	return `${day} – ${end}${slot.place ? `, ${slot.place}` : ''}`;
}

/** A new answer link's token for the person, stored hashed in the caller's transaction. */
async function linkToken(tx: Transaction, pollId: string, userId: string) {
	const token = generateToken();
	await tx.insert(pollTokens).values({ tokenHash: hashToken(token), pollId, userId });
	return token;
}

/** The address of a one-click answer: the slot by its number (1 first), and the answer. */
export const answerLink = (origin: string, token: string, position?: number, r?: SlotAnswer) =>
	`${origin}/disponibilites/${token}${position === undefined ? '' : `?c=${position + 1}&r=${r}`}`;

/**
 * Mails a date poll's invitation to the group's members and leads (its organiser aside) who take
 * meeting invitations by e-mail: every slot with three one-click answers (yes, if need be, no)
 * that work without a session, and the page of all slots. Each message and its token are written
 * in one transaction. Returns how many were sent.
 */
export async function inviteToDatePoll(pollId: string, origin: string): Promise<number> {
	const [poll] = await db
		.select({
			id: polls.id,
			title: polls.title,
			closesAt: polls.closesAt,
			authorId: polls.authorId,
			groupId: polls.groupId,
			group: groups.name,
			author: users.name
		})
		.from(polls)
		.innerJoin(groups, eq(groups.id, polls.groupId))
		.leftJoin(users, eq(users.id, polls.authorId))
		.where(and(eq(polls.id, pollId), eq(polls.kind, 'dates')));
	if (!poll) return 0;
	const [slots, people] = await Promise.all([
		db
			.select()
			.from(pollOptions)
			.where(eq(pollOptions.pollId, poll.id))
			.orderBy(asc(pollOptions.position)),
		db
			.select({ id: users.id, email: users.email, name: users.name, locale: users.locale })
			.from(groupMembers)
			.innerJoin(users, eq(users.id, groupMembers.userId))
			.where(
				and(
					eq(groupMembers.groupId, poll.groupId),
					inArray(groupMembers.role, ['member', 'lead']),
					isNull(users.disabledAt),
					poll.authorId ? ne(users.id, poll.authorId) : undefined
				)
			)
	]);
	const allowed = await preferences.immediateAmong(
		people.map((p) => p.id),
		'invitations'
	);
	let sent = 0;
	for (const person of people) {
		if (!allowed.has(person.id)) continue;
		const locale: Locale = person.locale ?? 'fr';
		const queued = await db.transaction(async (tx) => {
			const token = await linkToken(tx, poll.id, person.id);
			const lines = slots.map((slot) =>
				translate(locale, 'mail.date_poll.slot', {
					slot: slotLine(locale, {
						startsAt: slot.startsAt!,
						endsAt: slot.endsAt!,
						place: slot.place
					}),
					yes: answerLink(origin, token, slot.position, 'yes'),
					maybe: answerLink(origin, token, slot.position, 'maybe'),
					no: answerLink(origin, token, slot.position, 'no')
				})
			);
			return mail.queue(tx, {
				to: person.email,
				kind: 'date_poll',
				subject: translate(locale, 'mail.date_poll.subject', {
					group: poll.group,
					title: poll.title
				}),
				text: translate(locale, 'mail.date_poll.body', {
					name: person.name,
					author: poll.author ?? poll.group,
					group: poll.group,
					title: poll.title,
					closes: formatDate(locale, poll.closesAt, 'datetime'),
					slots: lines.join('\n\n'),
					link: answerLink(origin, token)
				})
			});
		});
		await mail.deliver(queued);
		sent++;
	}
	return sent;
}
