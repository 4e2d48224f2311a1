import { isHttpError } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { meetingAttendees, meetings } from '$lib/server/db/schema';
import * as meetingService from '$lib/server/meetings';
import * as groupLayout from '../../src/routes/(app)/groupes/[slug]/+layout.server';
import * as groupPage from '../../src/routes/(app)/groupes/[slug]/+page.server';
import * as listPage from '../../src/routes/(app)/groupes/[slug]/reunions/+page.server';
import * as meetingPage from '../../src/routes/(app)/groupes/[slug]/reunions/[meetingId=uuid]/+page.server';
import * as icsRoute from '../../src/routes/(app)/groupes/[slug]/reunions/[meetingId=uuid]/ics/+server';
import type { LayoutServerData } from '../../src/routes/(app)/groupes/[slug]/$types';
import type { PageServerData as MeetingData } from '../../src/routes/(app)/groupes/[slug]/reunions/[meetingId=uuid]/$types';
import { createTestDb } from '../helpers/db';
import { run } from '../helpers/events';
import { buildGroup, buildUser } from '../helpers/factories';

// Anyone in the network may be invited to a group's meeting: a partner from the local
// authority, say, who is in none of the group's lists. They open that meeting from their home
// page or the invitation, answer, add it to their calendar and read its minutes; the rest of
// the group stays closed to them.

await createTestDb();

let lead: SessionUser;
let guest: SessionUser;
let stranger: SessionUser;
let group: { id: string; slug: string };
let other: { id: string; slug: string };
let invited: string;
let notInvited: string;
let elsewhere: string;

const input = (title: string) =>
	meetingService.meetingSchema.parse({
		title,
		startsAt: '2027-03-02T14:00',
		endsAt: '2027-03-02T16:00',
		placeKind: 'address',
		placeText: 'Mairie de Sélestat'
	});

beforeAll(async () => {
	lead = await buildUser({ name: 'Luc Pilote' });
	guest = await buildUser({ name: 'Nadia Partenaire', role: 'partner' });
	stranger = await buildUser({ name: 'Paul Ailleurs', role: 'partner' });
	group = await buildGroup({ joinPolicy: 'closed' }, [{ user: lead, role: 'lead' }]);
	other = await buildGroup({ joinPolicy: 'closed' }, [{ user: lead, role: 'lead' }]);
	invited = (await meetingService.create(lead, group.id, input('Comité'), [guest.id], 'fr')).id;
	notInvited = (await meetingService.create(lead, group.id, input('Bureau'), [], 'fr')).id;
	elsewhere = (await meetingService.create(lead, other.id, input('Autre'), [guest.id], 'fr')).id;
});

const at = (
	user: SessionUser,
	meetingId: string,
	action?: string,
	form?: Record<string, string>
) => ({
	path: `/groupes/${group.slug}/reunions/${meetingId}${action ? `?/${action}` : ''}`,
	params: { slug: group.slug, meetingId },
	user,
	form
});

/** The group's header, the meeting's page and its .ics all answer 404 to `user`. */
async function expectHidden(user: SessionUser, meetingId: string, slug = group.slug) {
	const where = {
		path: `/groupes/${slug}/reunions/${meetingId}`,
		params: { slug, meetingId },
		user
	};
	expectStatus((await run(groupLayout.load, where)).thrown, 404);
	expectStatus((await run(meetingPage.load, where)).thrown, 404);
	expectStatus((await run(icsRoute.GET, where)).thrown, 404);
}

function expectStatus(thrown: unknown, status: number) {
	expect(isHttpError(thrown), String(thrown)).toBe(true);
	expect((thrown as { status: number }).status).toBe(status);
}

describe('a person invited from outside the group', () => {
	it('opens the meeting’s page, as a guest without the group’s tabs or notes', async () => {
		const layout = await run(groupLayout.load, at(guest, invited));
		expect(layout.thrown).toBeUndefined();
		const header = layout.result as LayoutServerData;
		expect(header.guest).toBe(true);
		expect(header.membership).toBeNull();
		expect(Object.values(header.rights).some(Boolean)).toBe(false);

		const page = await run(meetingPage.load, at(guest, invited));
		expect(page.thrown).toBeUndefined();
		const data = page.result as MeetingData;
		expect(data.meeting.title).toBe('Comité');
		expect(data.canManage).toBe(false);
		expect(data.edit).toBeNull();
		expect(data.notes).toBeNull();
		expect(data.answerable).toBe(true);
		expect(data.mine?.response).toBe('pending');
	});

	it('answers the invitation', async () => {
		const { result, thrown } = await run(
			meetingPage.actions.respond,
			at(guest, invited, 'respond', { response: 'attending' })
		);
		expect(thrown).toBeUndefined();
		expect(result).toEqual({ done: 'meeting.answered' });
		const [row] = await db
			.select({ response: meetingAttendees.response })
			.from(meetingAttendees)
			.where(and(eq(meetingAttendees.meetingId, invited), eq(meetingAttendees.userId, guest.id)));
		expect(row.response).toBe('attending');
	});

	it('downloads the meeting for their calendar', async () => {
		const { result, thrown } = await run(icsRoute.GET, at(guest, invited));
		expect(thrown).toBeUndefined();
		const response = result as Response;
		expect(response.status).toBe(200);
		expect(await response.text()).toContain('SUMMARY:');
	});

	it('may not run the meeting: a refusal, nothing written', async () => {
		for (const action of ['publish', 'held', 'cancel'] as const) {
			const { thrown } = await run(meetingPage.actions[action], at(guest, invited, action, {}));
			expectStatus(thrown, 403);
		}
		const [row] = await db.select().from(meetings).where(eq(meetings.id, invited));
		expect(row.status).toBe('planned');
		expect(row.minutesVersionId).toBeNull();
	});

	it('sees nothing else of the group: its page, its list of meetings, its other meetings', async () => {
		const home = { path: `/groupes/${group.slug}`, params: { slug: group.slug }, user: guest };
		expectStatus((await run(groupLayout.load, home)).thrown, 404);
		expectStatus((await run(groupPage.load, home)).thrown, 404);
		const list = { ...home, path: `/groupes/${group.slug}/reunions` };
		expectStatus((await run(listPage.load, list)).thrown, 404);
		await expectHidden(guest, notInvited);
	});

	it('finds a meeting of another group only under that group’s address', async () => {
		await expectHidden(guest, elsewhere);
		const there = {
			path: `/groupes/${other.slug}/reunions/${elsewhere}`,
			params: { slug: other.slug, meetingId: elsewhere },
			user: guest
		};
		expect((await run(meetingPage.load, there)).thrown).toBeUndefined();
	});

	it('is still a 404 for someone who is not invited', async () => {
		await expectHidden(stranger, invited);
		const { thrown } = await run(
			meetingPage.actions.respond,
			at(stranger, invited, 'respond', { response: 'attending' })
		);
		expectStatus(thrown, 404);
	});
});
