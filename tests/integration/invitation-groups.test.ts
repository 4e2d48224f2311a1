import { isRedirect } from '@sveltejs/kit';
import { and, count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import {
	activity,
	groupMembers,
	groups,
	invitationGroups,
	invitations,
	meetingAttendees,
	meetings,
	users
} from '$lib/server/db/schema';
import * as invites from '$lib/server/invitations';
import * as groupsService from '$lib/server/groups';
import * as invitationPage from '../../src/routes/(auth)/invitation/[token]/+page.server';
import * as adminInvitations from '../../src/routes/(app)/admin/invitations/+page.server';
import type { PageServerData as InvitationsPage } from '../../src/routes/(app)/admin/invitations/$types';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';
import { expectFailure, expectHttpError, run } from '../helpers/events';
import { buildGroup, buildOrganisation, buildUser } from '../helpers/factories';
import { lastLinkTo, mailsTo } from '../helpers/mail';

// A fresh database for this file. Opened here rather than in beforeAll: vitest ignores an
// afterAll registered from inside a hook, and that afterAll is what closes and drops it.
await createTestDb();

const ORIGIN = 'http://localhost';
const PASSWORD = 'Une phrase assez longue';
const IP = '192.0.2.7';
let admin: SessionUser;
let coordinator: SessionUser;
let organisationId: string;
let n = 0;
const freshEmail = () => `newcomer-${++n}@example.test`;

async function membershipsOf(userId: string) {
	return db
		.select({ groupId: groupMembers.groupId, role: groupMembers.role })
		.from(groupMembers)
		.where(eq(groupMembers.userId, userId));
}

async function userWith(email: string) {
	const [user] = await db.select().from(users).where(eq(users.email, email));
	return user;
}

beforeAll(async () => {
	admin = await buildUser({ role: 'admin', name: 'Alix Admin' });
	coordinator = await buildUser({ role: 'coordinator', name: 'Camille Coord' });
	organisationId = (await buildOrganisation({ name: 'Filature du Giessen' })).id;
});

describe('inviting into groups', () => {
	it('lands the newcomer in the chosen groups with their roles, when they accept', async () => {
		const mobility = await buildGroup({ name: 'Mobilités douces' });
		const recruiting = await buildGroup({ name: 'Recrutement', status: 'paused' });
		const email = freshEmail();
		const invitation = await invites.create(
			coordinator,
			{ email, role: 'member', organisationId, name: 'Inès Meyer' },
			ORIGIN,
			'fr',
			[
				{ groupId: mobility.id, role: 'lead' },
				{ groupId: recruiting.id, role: 'observer' }
			]
		);
		// Nothing happens to the groups before the invitation is accepted.
		expect(
			await db.select().from(groupMembers).where(eq(groupMembers.groupId, mobility.id))
		).toEqual([]);
		const [mail] = await mailsTo(email);
		expect(mail.text).toContain('- Mobilités douces (Pilote)');
		expect(mail.text).toContain('- Recrutement (Observateur·rice)');
		expect(mail.id).toBe(invitation.messageId);

		const token = await lastLinkTo(email, 'invitation');
		const found = await invites.findByToken(token);
		expect(found?.invitation.name).toBe('Inès Meyer');
		expect(found?.groups).toEqual([
			{ name: 'Mobilités douces', role: 'lead' },
			{ name: 'Recrutement', role: 'observer' }
		]);

		const accepted = await invites.accept(token, { name: 'Inès Meyer', password: PASSWORD }, IP);
		expect(accepted.skipped).toEqual([]);
		expect(accepted.joined.map((g) => g.name)).toEqual(['Mobilités douces', 'Recrutement']);
		expect(await membershipsOf(accepted.userId)).toEqual(
			expect.arrayContaining([
				{ groupId: mobility.id, role: 'lead' },
				{ groupId: recruiting.id, role: 'observer' }
			])
		);
		const [logged] = await db
			.select()
			.from(activity)
			.where(and(eq(activity.groupId, mobility.id), eq(activity.subjectId, accepted.userId)));
		expect(logged).toMatchObject({
			actorId: coordinator.id,
			verb: 'added',
			label: 'Inès Meyer',
			after: { role: 'lead' }
		});
	});

	it('invites the newcomer to the coming meetings of their groups', async () => {
		const group = await buildGroup();
		const [meeting] = await db
			.insert(meetings)
			.values({
				groupId: group.id,
				title: 'Réunion de rentrée',
				startsAt: new Date(Date.now() + 7 * 86400_000),
				endsAt: new Date(Date.now() + 7 * 86400_000 + 3600_000)
			})
			.returning();
		const email = freshEmail();
		await invites.create(admin, { email, role: 'member', organisationId }, ORIGIN, 'fr', [
			{ groupId: group.id, role: 'member' }
		]);
		const token = await lastLinkTo(email, 'invitation');
		const { userId } = await invites.accept(token, { name: 'Paul Roth', password: PASSWORD }, IP);
		const invited = await db
			.select()
			.from(meetingAttendees)
			.where(and(eq(meetingAttendees.meetingId, meeting.id), eq(meetingAttendees.userId, userId)));
		expect(invited).toHaveLength(1);
	});

	it('skips a group archived or deleted since the invitation, and says which', async () => {
		const kept = await buildGroup({ name: 'Groupe gardé' });
		const archived = await buildGroup({ name: 'Groupe archivé' });
		const deleted = await buildGroup({ name: 'Groupe supprimé' });
		const email = freshEmail();
		await invites.create(admin, { email, role: 'member', organisationId }, ORIGIN, 'fr', [
			{ groupId: kept.id, role: 'member' },
			{ groupId: archived.id, role: 'member' },
			{ groupId: deleted.id, role: 'lead' }
		]);
		await groupsService.setStatus(admin, archived.id, 'archived');
		await db.delete(groups).where(eq(groups.id, deleted.id));
		const token = await lastLinkTo(email, 'invitation');

		const { result, cookies, thrown } = await run(invitationPage.actions.default, {
			path: `/invitation/${token}`,
			params: { token },
			form: { name: 'Zoé Weber', password: PASSWORD }
		});
		expect(thrown).toBeUndefined();
		expect(result).toEqual({
			welcome: {
				joined: [{ name: 'Groupe gardé', slug: kept.slug }],
				skipped: [
					{ name: 'Groupe archivé', reason: 'archived' },
					{ name: 'Groupe supprimé', reason: 'deleted' }
				]
			}
		});
		// The account exists and is logged in; only the open group was joined.
		expect(cookies.jar.size).toBeGreaterThan(0);
		const user = await userWith(email);
		expect(await membershipsOf(user.id)).toEqual([{ groupId: kept.id, role: 'member' }]);
	});

	it('goes straight home when every group was joined', async () => {
		const group = await buildGroup();
		const email = freshEmail();
		await invites.create(admin, { email, role: 'member', organisationId }, ORIGIN, 'fr', [
			{ groupId: group.id, role: 'member' }
		]);
		const token = await lastLinkTo(email, 'invitation');
		const { thrown } = await run(invitationPage.actions.default, {
			params: { token },
			form: { name: 'Léa Klein', password: PASSWORD }
		});
		expect(isRedirect(thrown) && thrown.location).toBe('/');
	});

	it('joins no group when the account is not created', async () => {
		const group = await buildGroup();
		const email = freshEmail();
		const invitation = await invites.create(
			admin,
			{ email, role: 'member', organisationId },
			ORIGIN,
			'fr',
			[{ groupId: group.id, role: 'member' }]
		);
		const token = await lastLinkTo(email, 'invitation');
		// Someone took the address meanwhile: the acceptance fails as a whole.
		await buildUser({ email });
		const e = await refusal(invites.accept(token, { name: 'Trop Tard', password: PASSWORD }, IP));
		expect(e.messageKey).toBe('invitation.email_taken');
		const [members] = await db
			.select({ n: count() })
			.from(groupMembers)
			.where(eq(groupMembers.groupId, group.id));
		expect(members.n).toBe(0);
		const [row] = await db.select().from(invitations).where(eq(invitations.id, invitation.id));
		expect(row.acceptedAt).toBeNull();
	});

	it('refuses an archived or unknown group when inviting, and invites nobody', async () => {
		const archived = await buildGroup({ status: 'archived' });
		for (const groupId of [archived.id, crypto.randomUUID()]) {
			const email = freshEmail();
			const e = await refusal(
				invites.create(admin, { email, role: 'member', organisationId }, ORIGIN, 'fr', [
					{ groupId, role: 'member' }
				])
			);
			expect(e).toMatchObject({ messageKey: 'invite.groups.unavailable', field: 'groups' });
			expect(await db.select().from(invitations).where(eq(invitations.email, email))).toEqual([]);
			expect(await mailsTo(email)).toEqual([]);
		}
	});

	it('refuses a group lead, who is not the coordination, from inviting into their group', async () => {
		const lead = await buildUser({ role: 'member' });
		const group = await buildGroup({}, [{ user: lead, role: 'lead' }]);
		const email = freshEmail();
		const e = await refusal(
			invites.create(lead, { email, role: 'member', organisationId }, ORIGIN, 'fr', [
				{ groupId: group.id, role: 'member' }
			])
		);
		expect(e.kind).toBe('forbidden');
		// Through the page too: the whole invitations area is closed to them.
		const { thrown } = await run(adminInvitations.actions.invite, {
			path: '/admin/invitations?/invite',
			user: lead,
			form: { email, role: 'member', organisationId, group: group.id }
		});
		expectHttpError(thrown, 403);
		expect(await db.select().from(invitationGroups)).not.toContainEqual(
			expect.objectContaining({ groupId: group.id })
		);
	});
});

describe('the invitation form', () => {
	it('lists the open groups, and sends the invitation with the ticked ones', async () => {
		const open = await buildGroup({ name: 'Attractivité' });
		const closed = await buildGroup({ name: 'Ancien salon', status: 'archived' });
		const { result } = await run(adminInvitations.load, {
			path: '/admin/invitations',
			user: coordinator
		});
		const page = result as InvitationsPage;
		expect(page.groups.map((g) => g.id)).toContain(open.id);
		expect(page.groups.map((g) => g.id)).not.toContain(closed.id);
		// The coordinator cannot read the outbox: the confirmation does not link to it.
		expect(page.outbox).toBe(false);

		const email = freshEmail();
		const { result: sent } = await run(adminInvitations.actions.invite, {
			path: '/admin/invitations?/invite',
			user: admin,
			form: {
				email,
				name: 'Hugo Bauer',
				role: 'member',
				organisationId,
				group: open.id,
				[`groupRole.${open.id}`]: 'lead'
			}
		});
		const [mail] = await mailsTo(email);
		expect(sent).toEqual({ invited: email, messageId: mail.id });
		const [invitation] = await db.select().from(invitations).where(eq(invitations.email, email));
		expect(invitation.name).toBe('Hugo Bauer');
		expect(
			await db
				.select({ groupId: invitationGroups.groupId, role: invitationGroups.role })
				.from(invitationGroups)
				.where(eq(invitationGroups.invitationId, invitation.id))
		).toEqual([{ groupId: open.id, role: 'lead' }]);
	});

	it('keeps what was typed and ticked when a group cannot be used', async () => {
		const archived = await buildGroup({ status: 'archived' });
		const email = freshEmail();
		const { result } = await run(adminInvitations.actions.invite, {
			path: '/admin/invitations?/invite',
			user: admin,
			form: {
				email,
				role: 'member',
				organisationId,
				group: archived.id,
				[`groupRole.${archived.id}`]: 'observer'
			}
		});
		const failure = expectFailure(result, 400);
		expect(failure.errors).toEqual({ groups: 'invite.groups.unavailable' });
		expect(failure.values).toMatchObject({
			email,
			groups: archived.id,
			[`groupRole.${archived.id}`]: 'observer'
		});
		expect(await mailsTo(email)).toEqual([]);
	});

	it('refuses a role that is not a group role', async () => {
		const group = await buildGroup();
		const email = freshEmail();
		const { result } = await run(adminInvitations.actions.invite, {
			path: '/admin/invitations?/invite',
			user: admin,
			form: {
				email,
				role: 'member',
				organisationId,
				group: group.id,
				[`groupRole.${group.id}`]: 'owner'
			}
		});
		expect(expectFailure(result, 400).errors).toEqual({ groups: 'invite.groups.unavailable' });
		expect(await mailsTo(email)).toEqual([]);
	});
});
