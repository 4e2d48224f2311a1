import { and, eq, ne } from 'drizzle-orm';
import { translate, type Locale } from '$lib/i18n';
import { db } from '$lib/server/db';
import { meetingAttendees, meetings, users } from '$lib/server/db/schema';
import * as activityLog from '../activity';
import { forbidden, ServiceError } from '../errors';
import * as mail from '../mail';
import { type Actor } from '../policy';
import * as preferences from '../preferences';
import * as versions from '../versions';
import { access } from './access';

/**
 * Publishes the minutes: the notes are frozen as a named version, shown read-only on the meeting
 * page, and every invitee is told by e-mail. The notes stay editable for corrections.
 */
export async function publish(actor: Actor, meetingId: string, locale: Locale, origin: string) {
	const { canManage, meeting, group } = await access(actor, meetingId);
	if (!canManage) throw forbidden();
	if (!meeting.notesDocumentId) throw new ServiceError('invalid', 'validation.invalid');
	const version = await versions.save(
		actor,
		meeting.notesDocumentId,
		translate(locale, 'meeting.minutes')
	);
	await db
		.update(meetings)
		.set({
			status: 'published',
			minutesVersionId: version.id,
			publishedAt: new Date(),
			updatedAt: new Date()
		})
		.where(eq(meetings.id, meetingId));
	await activityLog.record(db, {
		groupId: group.id,
		actorId: actor!.id,
		subjectType: 'meeting',
		subjectId: meetingId,
		verb: 'published',
		label: meeting.title
	});
	const invitees = await db
		.select({ id: users.id, email: users.email, name: users.name, locale: users.locale })
		.from(meetingAttendees)
		.innerJoin(users, eq(users.id, meetingAttendees.userId))
		.where(
			and(eq(meetingAttendees.meetingId, meetingId), ne(meetingAttendees.response, 'not_attending'))
		);
	const link = `${origin}/groupes/${group.slug}/reunions/${meetingId}`;
	// The others read it in their digest, or chose not to hear about minutes by e-mail.
	const now = await preferences.immediateAmong(
		invitees.map((p) => p.id),
		'minutes'
	);
	for (const person of invitees) {
		if (!now.has(person.id)) continue;
		const lang = person.locale ?? locale;
		await mail.send({
			to: person.email,
			kind: 'minutes',
			subject: translate(lang, 'mail.minutes.subject', { meeting: meeting.title }),
			text: translate(lang, 'mail.minutes.body', {
				name: person.name,
				meeting: meeting.title,
				group: group.name,
				link
			})
		});
	}
}
