import { and, eq, gt, sql } from 'drizzle-orm';
import { db, type Transaction } from '$lib/server/db';
import { meetingAttendees, meetings, meetingTokens, users } from '$lib/server/db/schema';
import { generateToken, hashToken } from '../auth/tokens';
import { placeOf } from './calendar';
import { meetingForMail } from './agenda';
import { agendaLine } from './agenda';

/** The purpose stored with the tokens of answer links. */
export const ANSWER_PURPOSE = 'meeting_answer';

/** The answers a link may carry (`?r=`), and what each records. */
export const linkAnswers = { yes: 'attending', no: 'not_attending', maybe: 'maybe' } as const;
export type LinkAnswer = keyof typeof linkAnswers;

/** A new answer link's token for the person, stored hashed in the caller's transaction. */
export async function answerToken(tx: Transaction, meetingId: string, userId: string) {
	const token = generateToken();
	await tx
		.insert(meetingTokens)
		.values({ tokenHash: hashToken(token), purpose: ANSWER_PURPOSE, meetingId, userId });
	return token;
}

/** The meeting and the person behind an answer link; null for a token unknown or no longer valid. */
export async function byToken(token: string, now = new Date()) {
	if (!/^[a-z2-7]{32}$/.test(token)) return null;
	const [row] = await db
		.select({
			meetingId: meetings.id,
			userId: meetingAttendees.userId,
			response: meetingAttendees.response,
			locale: users.locale
		})
		.from(meetingTokens)
		.innerJoin(meetings, eq(meetings.id, meetingTokens.meetingId))
		// Only while the person is still invited and their account open.
		.innerJoin(
			meetingAttendees,
			and(
				eq(meetingAttendees.meetingId, meetingTokens.meetingId),
				eq(meetingAttendees.userId, meetingTokens.userId)
			)
		)
		.innerJoin(users, eq(users.id, meetingTokens.userId))
		.where(
			and(
				eq(meetingTokens.tokenHash, hashToken(token)),
				eq(meetingTokens.purpose, ANSWER_PURPOSE),
				gt(meetings.endsAt, now),
				sql`${users.disabledAt} is null`
			)
		);
	if (!row) return null;
	const m = await meetingForMail(row.meetingId);
	if (!m) return null;
	return {
		...row,
		meeting: m.meeting,
		group: m.group,
		place: placeOf(m.meeting, m.organisation),
		agenda: m.meeting.agenda.map((item) => agendaLine(item, m.owners)),
		answerable: m.meeting.status === 'planned'
	};
}

/**
 * Records the answer an invitee gave through their link. False when the link is not valid or the
 * meeting no longer takes answers (cancelled, held).
 */
export async function answerByToken(token: string, answer: LinkAnswer, now = new Date()) {
	const found = await byToken(token, now);
	if (!found || !found.answerable) return false;
	await db
		.update(meetingAttendees)
		.set({ response: linkAnswers[answer], respondedAt: now })
		.where(
			and(
				eq(meetingAttendees.meetingId, found.meetingId),
				eq(meetingAttendees.userId, found.userId)
			)
		);
	return true;
}
