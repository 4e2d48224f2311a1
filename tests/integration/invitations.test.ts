import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { hashToken } from '$lib/server/auth/tokens';
import { db } from '$lib/server/db';
import { invitations, networkRoles, organisations, type NetworkRole } from '$lib/server/db/schema';
import * as invites from '$lib/server/invitations';
import { NETWORK_NAME, setSetting } from '$lib/server/settings';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';
import { buildOrganisation, buildUser } from '../helpers/factories';
import { mailsTo, linkToken } from '../helpers/mail';

// A fresh database for this file. Opened here rather than in beforeAll: vitest ignores an
// afterAll registered from inside a hook, and that afterAll is what closes and drops it.
await createTestDb();

const ORIGIN = 'https://maillage.example';
let admin: SessionUser;
let coordinator: SessionUser;
let organisationId: string;
let n = 0;
const freshEmail = () => `invitee-${++n}@example.test`;

async function invitationsTo(email: string) {
	return db.select().from(invitations).where(eq(invitations.email, email));
}

describe('creating invitations', () => {
	beforeAll(async () => {
		await setSetting(NETWORK_NAME, 'Réseau Test');
		admin = await buildUser({ role: 'admin', name: 'Alix Admin' });
		coordinator = await buildUser({ role: 'coordinator', name: 'Camille Coord' });
		organisationId = (await buildOrganisation({ name: 'Usine Test' })).id;
	});

	it('lets an admin invite, storing only the hash of the mailed link', async () => {
		const email = freshEmail();
		const invitation = await invites.create(
			admin,
			{ email, role: 'coordinator', organisationId },
			ORIGIN,
			'fr'
		);
		expect(invitation).toMatchObject({ email, role: 'coordinator', organisationId });
		expect(invitation.invitedById).toBe(admin.id);
		const days = (invitation.expiresAt.getTime() - Date.now()) / (24 * 3600 * 1000);
		expect(days).toBeGreaterThan(6.99);
		expect(days).toBeLessThanOrEqual(7);
		expect(invites.statusOf(invitation)).toBe('pending');

		const [mail] = await mailsTo(email);
		expect(mail).toMatchObject({ kind: 'invitation', to: email });
		expect(mail.subject).toContain('Réseau Test');
		expect(mail.text).toContain('Alix Admin');
		expect(mail.text).toContain('Coordination');
		expect(mail.text).toContain(`${ORIGIN}/invitation/`);
		const token = linkToken(mail.text, 'invitation');
		expect(invitation.tokenHash).toBe(hashToken(token));
		expect(invitation.tokenHash).not.toContain(token);
	});

	it('writes the mail in the language asked for', async () => {
		const email = freshEmail();
		await invites.create(admin, { email, role: 'member', organisationId }, ORIGIN, 'en');
		const [mail] = await mailsTo(email);
		expect(mail.subject).toBe('Invitation to join Réseau Test on Maillage');
		expect(mail.text).toContain('as Member');
	});

	it('lets a coordinator invite anyone but an admin', async () => {
		for (const role of ['coordinator', 'director', 'member', 'partner'] as const) {
			const email = freshEmail();
			await invites.create(coordinator, { email, role, organisationId }, ORIGIN, 'fr');
			expect(await invitationsTo(email)).toHaveLength(1);
		}
		const email = freshEmail();
		const e = await refusal(
			invites.create(coordinator, { email, role: 'admin', organisationId }, ORIGIN, 'fr')
		);
		expect(e.kind).toBe('forbidden');
		expect(await invitationsTo(email)).toHaveLength(0);
		expect(await mailsTo(email)).toHaveLength(0);
	});

	it.each(['member', 'director', 'partner'] as NetworkRole[])(
		'refuses a %s any invitation',
		async (role) => {
			const actor = await buildUser({ role });
			for (const invited of networkRoles) {
				const email = freshEmail();
				const e = await refusal(
					invites.create(actor, { email, role: invited, organisationId }, ORIGIN, 'fr')
				);
				expect(e.kind).toBe('forbidden');
				expect(await invitationsTo(email)).toHaveLength(0);
			}
		}
	);

	it('refuses an anonymous caller', async () => {
		// The signature already asks for a person; the policy must refuse all the same.
		const anonymous = null as unknown as SessionUser;
		const email = freshEmail();
		const e = await refusal(
			invites.create(anonymous, { email, role: 'member', organisationId }, ORIGIN, 'fr')
		);
		expect(e.kind).toBe('forbidden');
		expect(await invitationsTo(email)).toHaveLength(0);
	});

	it('lets only admins and coordinators list and revoke', async () => {
		const invitation = await invites.create(
			admin,
			{ email: freshEmail(), role: 'member', organisationId },
			ORIGIN,
			'fr'
		);
		expect((await invites.list(admin)).length).toBeGreaterThan(0);
		expect((await invites.list(coordinator)).map((r) => r.invitation.id)).toContain(invitation.id);
		const outsiders = [
			null,
			await buildUser({ role: 'director' }),
			await buildUser({ role: 'member' }),
			await buildUser({ role: 'partner' })
		];
		for (const actor of outsiders) {
			expect((await refusal(invites.list(actor))).kind).toBe('forbidden');
			expect((await refusal(invites.revoke(actor, invitation.id))).kind).toBe('forbidden');
		}
		const [row] = await db.select().from(invitations).where(eq(invitations.id, invitation.id));
		expect(row.revokedAt).toBeNull();
	});

	it('refuses the e-mail of an existing person', async () => {
		const existing = await buildUser();
		const e = await refusal(
			invites.create(admin, { email: existing.email, role: 'member', organisationId }, ORIGIN, 'fr')
		);
		expect(e).toMatchObject({
			kind: 'invalid',
			messageKey: 'invitation.email_taken',
			field: 'email'
		});
		expect(await invitationsTo(existing.email)).toHaveLength(0);
		expect(await mailsTo(existing.email)).toHaveLength(0);
	});

	it('refuses an archived or unknown organisation', async () => {
		const archived = await buildOrganisation();
		await db
			.update(organisations)
			.set({ archivedAt: new Date() })
			.where(eq(organisations.id, archived.id));
		for (const id of [archived.id, crypto.randomUUID()]) {
			const email = freshEmail();
			const e = await refusal(
				invites.create(admin, { email, role: 'member', organisationId: id }, ORIGIN, 'fr')
			);
			expect(e).toMatchObject({ messageKey: 'validation.choose', field: 'organisationId' });
			expect(await invitationsTo(email)).toHaveLength(0);
		}
	});

	it('replaces a pending invitation to the same address', async () => {
		const email = freshEmail();
		const first = await invites.create(
			admin,
			{ email, role: 'member', organisationId },
			ORIGIN,
			'fr'
		);
		const second = await invites.create(
			admin,
			{ email, role: 'director', organisationId },
			ORIGIN,
			'fr'
		);
		const [oldMail, newMail] = await mailsTo(email);
		expect((await invites.findByToken(linkToken(oldMail.text, 'invitation')))?.status).toBe(
			'revoked'
		);
		const current = await invites.findByToken(linkToken(newMail.text, 'invitation'));
		expect(current?.invitation.id).toBe(second.id);
		expect(current?.status).toBe('pending');
		expect(first.id).not.toBe(second.id);
	});
});
