import { isHttpError, isRedirect } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import {
	meetingAttendees,
	users,
	type MeetingResponse,
	type OutboxMessage
} from '$lib/server/db/schema';
import { addDays, todayInParis } from '$lib/server/dates';
import * as meetingInvitations from '$lib/server/meetings/invitations';
import * as meetingInvitees from '$lib/server/meetings/invitees';
import * as meetings from '$lib/server/meetings';
import * as preferences from '$lib/server/preferences';
import * as answerPage from '../../src/routes/(auth)/reponse/[token]/+page.server';
import * as profilePage from '../../src/routes/(app)/profil/+page.server';
import * as listPage from '../../src/routes/(app)/groupes/[slug]/reunions/+page.server';
import { createTestDb } from '../helpers/db';
import { expectFailure, run } from '../helpers/events';
import { buildGroup, buildUser } from '../helpers/factories';
import { mailsTo } from '../helpers/mail';

// Scheduling a meeting e-mails each invitee an invitation with answer links and the .ics; its
// changes, its cancellation and the day-before reminder follow, each sent once.

await createTestDb();

let lead: SessionUser;
let member: SessionUser;
let english: SessionUser;
let quiet: SessionUser;
let guest: SessionUser;
let group: { id: string; slug: string; name: string };

const inDays = (n: number) => addDays(todayInParis(), n);

const input = (startsOn: string, extra: Record<string, string> = {}) =>
	meetings.meetingSchema.parse({
		title: 'Comité mobilité',
		startsAt: `${startsOn}T14:00`,
		endsAt: `${startsOn}T16:00`,
		placeKind: 'address',
		placeText: 'Mairie de Sélestat',
		agenda: [{ title: 'Covoiturage inter-entreprises' }],
		...extra
	});

function ics(message: OutboxMessage) {
	expect(message.attachments).toHaveLength(1);
	const [file] = message.attachments;
	expect(file.filename).toMatch(/\.ics$/);
	expect(file.contentType).toMatch(/^text\/calendar/);
	const calendar = new ICAL.Component(ICAL.parse(file.content));
	const event = calendar.getFirstSubcomponent('vevent')!;
	return {
		method: calendar.getFirstPropertyValue('method'),
		uid: event.getFirstPropertyValue('uid'),
		sequence: event.getFirstPropertyValue('sequence'),
		status: event.getFirstPropertyValue('status'),
		attendees: event.getAllProperties('attendee').map((p) => String(p.getFirstValue()))
	};
}

/** The token of the answer link of that answer in a message. */
function answerLink(text: string, r: 'yes' | 'no' | 'maybe') {
	const match = text.match(new RegExp(`https?://\\S+/reponse/([a-z2-7]+)\\?r=${r}`));
	if (!match) throw new Error(`no ${r} link in: ${text}`);
	return match[1];
}

async function responseOf(meetingId: string, userId: string) {
	const [row] = await db
		.select({ response: meetingAttendees.response })
		.from(meetingAttendees)
		.where(and(eq(meetingAttendees.meetingId, meetingId), eq(meetingAttendees.userId, userId)));
	return row?.response;
}

async function setResponse(meetingId: string, userId: string, response: MeetingResponse) {
	await db
		.update(meetingAttendees)
		.set({ response })
		.where(and(eq(meetingAttendees.meetingId, meetingId), eq(meetingAttendees.userId, userId)));
}

const schedule = (startsOn = inDays(10), extra: string[] = []) =>
	meetings.create(lead, group.id, input(startsOn), extra, 'fr');

beforeAll(async () => {
	lead = await buildUser({ name: 'Léa Pilote', role: 'coordinator' });
	member = await buildUser({ name: 'Marc Membre' });
	english = await buildUser({ name: 'Emma English' });
	await db.update(users).set({ locale: 'en' }).where(eq(users.id, english.id));
	quiet = await buildUser({ name: 'Quentin Quiet' });
	guest = await buildUser({ name: 'Gaëlle Invitée' });
	group = await buildGroup({ name: 'Mobilité' }, [
		{ user: lead, role: 'lead' },
		{ user: member, role: 'member' },
		{ user: english, role: 'member' },
		{ user: quiet, role: 'member' }
	]);
	await preferences.save(quiet, {
		mention: 'immediate',
		assignment: 'immediate',
		due: 'immediate',
		minutes: 'immediate',
		reply: 'immediate',
		check_in: 'immediate',
		invitations: 'off'
	});
});

describe('scheduling a meeting', () => {
	it('mails each invitee one invitation with the agenda, three answer links and the .ics', async () => {
		const meeting = await schedule(inDays(10), [guest.id]);
		for (const person of [lead, member, english, guest]) {
			const mails = (await mailsTo(person.email)).filter((m) => m.text.includes(meeting.id));
			expect(mails, person.name).toHaveLength(1);
			const [invitation] = mails;
			expect(invitation.kind).toBe('meeting_invitation');
			expect(invitation.subject).toContain('Mobilité');
			expect(invitation.subject).toContain('Mairie de Sélestat');
			expect(invitation.text).toContain('Covoiturage inter-entreprises');
			for (const r of ['yes', 'no', 'maybe'] as const) answerLink(invitation.text, r);
			const file = ics(invitation);
			expect(file.method).toBe('REQUEST');
			expect(file.uid).toBe(`meeting-${meeting.id}@maillage`);
			expect(file.sequence).toBe(0);
			expect(file.attendees).toEqual([`mailto:${person.email}`]);
		}
		const [french] = await mailsTo(member.email, 'meeting_invitation');
		expect(french.text).toContain('Je viens');
		expect(french.text).toContain('Peut-être');
		const [inEnglish] = await mailsTo(english.email, 'meeting_invitation');
		expect(inEnglish.text).toContain('I’m coming');
		expect(inEnglish.subject).toMatch(/^Invitation: /);
	});

	it('mails nothing to a person who turned invitations off, who is still invited', async () => {
		const meeting = await schedule();
		expect(await responseOf(meeting.id, quiet.id)).toBe('pending');
		expect(await mailsTo(quiet.email)).toHaveLength(0);
	});

	it('offers invitations by e-mail or not at all, never in a digest', async () => {
		const form = {
			mention: 'immediate',
			assignment: 'immediate',
			due: 'immediate',
			minutes: 'immediate',
			reply: 'immediate',
			check_in: 'immediate',
			invitations: 'daily'
		};
		const { result } = await run(profilePage.actions.notifications, { user: guest, form });
		expect(expectFailure(result).errors.invitations).toBe('prefs.invalid');
		expect(await preferences.deliveryOf(guest.id, 'invitations')).toBe('immediate');
	});

	it('invites the person scheduling it, unless they untick "M’inviter"', async () => {
		const create = (inviteSelf: string, title: string) =>
			run(listPage.actions.create, {
				path: `/groupes/${group.slug}/reunions?/create`,
				params: { slug: group.slug },
				user: lead,
				form: {
					title,
					startsAt: `${inDays(12)}T09:00`,
					endsAt: `${inDays(12)}T10:00`,
					placeKind: 'address',
					placeText: 'Sélestat',
					inviteSelf
				}
			});
		const meetingOf = (thrown: unknown) => {
			const location = (thrown as { location: string }).location;
			return location.match(/reunions\/([0-9a-f-]{36})/)![1];
		};
		const ticked = meetingOf((await create('yes', 'Avec moi')).thrown);
		expect(await responseOf(ticked, lead.id)).toBe('pending');
		const unticked = meetingOf((await create('no', 'Sans moi')).thrown);
		expect(await responseOf(unticked, lead.id)).toBeUndefined();
		expect(await responseOf(unticked, member.id)).toBe('pending');
		const mine = await mailsTo(lead.email, 'meeting_invitation');
		expect(mine.some((m) => m.text.includes(ticked))).toBe(true);
		expect(mine.some((m) => m.text.includes(unticked))).toBe(false);
	});
});

describe('answering through a link', () => {
	let meetingId: string;
	let token: string;
	const open = (t: string, r?: string) =>
		run(answerPage.load, { path: `/reponse/${t}${r ? `?r=${r}` : ''}`, params: { token: t } });

	beforeAll(async () => {
		meetingId = (await schedule()).id;
		const [mail] = (await mailsTo(member.email, 'meeting_invitation')).filter((m) =>
			m.text.includes(meetingId)
		);
		token = answerLink(mail.text, 'yes');
		expect(answerLink(mail.text, 'no')).toBe(token);
	});

	it('records the answer in the link without a session, and the buttons change it', async () => {
		const { thrown } = await open(token, 'yes');
		// Recorded, then the page again without the link's answer.
		expect(isRedirect(thrown) && thrown.location).toBe(`/reponse/${token}?fait=yes`);
		expect(await responseOf(meetingId, member.id)).toBe('attending');
		const shown = await run(answerPage.load, {
			path: `/reponse/${token}?fait=yes`,
			params: { token }
		});
		expect(shown.result).toMatchObject({
			recorded: 'yes',
			response: 'attending',
			meeting: { title: 'Comité mobilité', group: 'Mobilité' }
		});
		const changed = await run(answerPage.actions.default, {
			path: `/reponse/${token}?fait=yes`,
			params: { token },
			form: { r: 'maybe' }
		});
		expect(changed.result).toEqual({ recorded: 'maybe' });
		expect(await responseOf(meetingId, member.id)).toBe('maybe');
		// The page reloads after the button: the link's answer is not written again.
		await run(answerPage.load, { path: `/reponse/${token}?fait=yes`, params: { token } });
		expect(await responseOf(meetingId, member.id)).toBe('maybe');
		await open(token, 'no');
		expect(await responseOf(meetingId, member.id)).toBe('not_attending');
		// Nobody else's answer moved.
		expect(await responseOf(meetingId, english.id)).toBe('pending');
	});

	it('answers a forged or unknown token with a 404 and changes nothing', async () => {
		const flipped = `${token.slice(0, -1)}${token.endsWith('a') ? 'b' : 'a'}`;
		for (const forged of ['a'.repeat(32), flipped, 'nope']) {
			const { thrown } = await open(forged, 'yes');
			expect(isHttpError(thrown) && thrown.status).toBe(404);
			const posted = await run(answerPage.actions.default, {
				path: `/reponse/${forged}`,
				params: { token: forged },
				form: { r: 'yes' }
			});
			expect(isHttpError(posted.thrown) && posted.thrown.status).toBe(404);
		}
		expect(await responseOf(meetingId, member.id)).toBe('not_attending');
	});
});

describe('changes after the invitation', () => {
	it('sends an update with the same UID and SEQUENCE 1 when the date moves, nothing for a title', async () => {
		const meeting = await schedule();
		await meetings.update(lead, meeting.id, { ...input(inDays(10)), title: 'Comité (renommé)' });
		expect(await mailsTo(member.email, 'meeting_update')).toHaveLength(0);
		await meetings.update(lead, meeting.id, input(inDays(11)));
		const updates = (await mailsTo(member.email, 'meeting_update')).filter((m) =>
			m.text.includes(meeting.id)
		);
		expect(updates).toHaveLength(1);
		const file = ics(updates[0]);
		expect(file.method).toBe('REQUEST');
		expect(file.uid).toBe(`meeting-${meeting.id}@maillage`);
		expect(file.sequence).toBe(1);
	});

	it('sends METHOD:CANCEL to the invitees when the meeting is cancelled', async () => {
		const meeting = await schedule();
		await meetings.setStatus(lead, meeting.id, 'cancelled');
		for (const person of [member, english]) {
			const cancels = (await mailsTo(person.email, 'meeting_cancel')).filter((m) =>
				m.attachments[0]?.content.includes(meeting.id)
			);
			expect(cancels, person.name).toHaveLength(1);
			const file = ics(cancels[0]);
			expect(file.method).toBe('CANCEL');
			expect(file.status).toBe('CANCELLED');
			expect(file.uid).toBe(`meeting-${meeting.id}@maillage`);
			expect(file.sequence).toBe(1);
		}
		expect(await mailsTo(quiet.email)).toHaveLength(0);
	});

	it('invites a person added later and sends a cancellation to one removed', async () => {
		const meeting = await schedule();
		const about = async (kind: string) =>
			(await mailsTo(guest.email, kind)).filter((m) =>
				m.attachments[0]?.content.includes(meeting.id)
			);
		await meetingInvitees.invite(lead, meeting.id, [guest.id]);
		expect(await about('meeting_invitation')).toHaveLength(1);
		await meetingInvitees.uninvite(lead, meeting.id, guest.id);
		const cancels = await about('meeting_cancel');
		expect(cancels).toHaveLength(1);
		expect(ics(cancels[0]).method).toBe('CANCEL');
		// Reconciling again sends nothing more.
		expect(await meetingInvitations.sync(meeting.id)).toBe(0);
		expect(await about('meeting_invitation')).toHaveLength(1);
	});
});

describe('the reminder of the day before', () => {
	it('goes once to those who said yes or did not answer, not to those who said no', async () => {
		const meeting = await schedule(inDays(1));
		await setResponse(meeting.id, member.id, 'attending');
		await setResponse(meeting.id, english.id, 'not_attending');
		await meetingInvitations.remindTomorrow();
		await meetingInvitations.remindTomorrow();
		const reminders = async (person: SessionUser) =>
			(await mailsTo(person.email, 'meeting_reminder')).filter((m) => m.text.includes(meeting.id));
		expect(await reminders(member)).toHaveLength(1);
		expect(await reminders(lead)).toHaveLength(1);
		expect(await reminders(english)).toHaveLength(0);
		expect(await reminders(quiet)).toHaveLength(0);
		const [reminder] = await reminders(member);
		answerLink(reminder.text, 'no');
	});
});
