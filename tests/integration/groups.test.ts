import { and, count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import {
	activity,
	groupMembers,
	groups as groupsTable,
	groupSlugHistory,
	users
} from '$lib/server/db/schema';
import * as groups from '$lib/server/groups';
import * as memberships from '$lib/server/memberships';
import * as objectives from '$lib/server/progress/objectives';
import * as themes from '$lib/server/themes';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';
import { buildGroup, buildUser } from '../helpers/factories';

// A fresh database for this file. Opened here rather than in beforeAll: vitest ignores an
// afterAll registered from inside a hook, and that afterAll is what closes and drops it.
await createTestDb();

let admin: SessionUser;
let coordinator: SessionUser;
let director: SessionUser;

/** What the group form gives the service, through the form's own schema. */
function input(name: string, overrides: Record<string, string> = {}) {
	return groups.groupSchema.parse({
		name,
		theme: 'mobility',
		description: 'Trajets domicile-travail.',
		purpose: 'Une raison d’être.',
		color: '#2f6f8f',
		joinPolicy: 'open',
		...overrides
	});
}

async function stored(id: string) {
	const [row] = await db.select().from(groupsTable).where(eq(groupsTable.id, id));
	return row;
}

async function tableCounts() {
	const [[g], [m], [a]] = await Promise.all([
		db.select({ n: count() }).from(groupsTable),
		db.select({ n: count() }).from(groupMembers),
		db.select({ n: count() }).from(activity)
	]);
	return { groups: g.n, members: m.n, activity: a.n };
}

async function historyOf(groupId: string) {
	return db.select().from(activity).where(eq(activity.groupId, groupId));
}

beforeAll(async () => {
	admin = await buildUser({ role: 'admin' });
	coordinator = await buildUser({ role: 'coordinator' });
	director = await buildUser({ role: 'director' });
});

describe('groups.create', () => {
	it('lets a coordinator create a group, slug from its name, and records it', async () => {
		const group = await groups.create(coordinator, input('Mobilités & transports'));
		expect(group).toMatchObject({
			name: 'Mobilités & transports',
			slug: 'mobilites-transports',
			theme: 'mobility',
			status: 'active',
			joinPolicy: 'open',
			description: 'Trajets domicile-travail.'
		});
		expect(group.purpose?.type).toBe('doc');
		// The coordinator sets groups up without taking part in them.
		expect(await groups.membershipOf(coordinator.id, group.id)).toBeNull();
		const [entry] = await historyOf(group.id);
		expect(entry).toMatchObject({
			actorId: coordinator.id,
			subjectType: 'group',
			subjectId: group.id,
			verb: 'created',
			label: 'Mobilités & transports',
			after: { name: 'Mobilités & transports', theme: 'mobility', joinPolicy: 'open' }
		});
	});

	it('lets an admin create a group', async () => {
		const group = await groups.create(admin, input('Groupe de l’admin'));
		expect(group.slug).toBe('groupe-de-l-admin');
	});

	it.each(['director', 'member', 'partner'] as const)(
		'refuses a %s and writes nothing',
		async (role) => {
			const user = await buildUser({ role });
			const before = await tableCounts();
			const e = await refusal(groups.create(user, input(`Refusé ${role}`)));
			expect(e.kind).toBe('forbidden');
			expect(await tableCounts()).toEqual(before);
		}
	);

	it('refuses an anonymous visitor', async () => {
		expect((await refusal(groups.create(null, input('Anonyme')))).kind).toBe('forbidden');
	});

	it.each([
		['Recrutement', 'recrutement'],
		['Recrutement', 'RECRUTEMENT'],
		['Économie circulaire', 'économie circulaire'],
		['Économie circulaire', 'ÉCONOMIE CIRCULAIRE']
	])('refuses %j again as %j, on the name field, writing nothing', async (first, again) => {
		const existing = await db.select().from(groupsTable).where(eq(groupsTable.name, first));
		if (existing.length === 0) await groups.create(coordinator, input(first));
		const before = await tableCounts();
		const e = await refusal(groups.create(coordinator, input(again)));
		expect(e).toMatchObject({ kind: 'invalid', messageKey: 'group.name_taken', field: 'name' });
		expect(await tableCounts()).toEqual(before);
	});

	it('numbers the slug of a different name that gives the same slug', async () => {
		const first = await groups.create(coordinator, input('Usines ouvertes'));
		const second = await groups.create(coordinator, input('Usines ouvertes !'));
		expect([first.slug, second.slug]).toEqual(['usines-ouvertes', 'usines-ouvertes-2']);
	});

	it('files a group under a theme the admin added, and refuses an unknown or archived one', async () => {
		const energy = await themes.create(admin, {
			labelFr: 'Transition énergétique',
			labelEn: 'Energy transition'
		});
		const group = await groups.create(coordinator, input('Énergie', { theme: energy.key }));
		expect(group.theme).toBe('transition-energetique');
		const before = await tableCounts();
		for (const theme of ['cuisine', 'events']) {
			if (theme === 'events') await themes.archive(admin, 'events');
			const e = await refusal(groups.create(coordinator, input(`Refusé ${theme}`, { theme })));
			expect(e).toMatchObject({ kind: 'invalid', messageKey: 'validation.choose', field: 'theme' });
		}
		expect(await tableCounts()).toEqual(before);
		// A group already under an archived theme keeps it when edited…
		const festival = await buildGroup({ name: 'Festival', theme: 'events' });
		const kept = await groups.update(
			admin,
			festival.id,
			input('Festival 2027', { theme: 'events' })
		);
		expect(kept.theme).toBe('events');
		// …but cannot move to one.
		const moved = await refusal(
			groups.update(admin, group.id, input('Énergie', { theme: 'events' }))
		);
		expect(moved).toMatchObject({ kind: 'invalid', field: 'theme' });
		await themes.restore(admin, 'events');
	});

	it('adds the first lead in the same step and records both', async () => {
		const lead = await buildUser({ role: 'member', name: 'Karim Haddad' });
		const group = await groups.create(coordinator, input('Avec pilote'), lead.id);
		expect(await groups.membershipOf(lead.id, group.id)).toBe('lead');
		const history = await historyOf(group.id);
		expect(history.map((h) => [h.subjectType, h.verb]).sort()).toEqual([
			['group', 'created'],
			['membership', 'added']
		]);
		expect(history.find((h) => h.subjectType === 'membership')).toMatchObject({
			actorId: coordinator.id,
			subjectId: lead.id,
			label: 'Karim Haddad',
			after: { role: 'lead' }
		});
	});

	it('refuses an unknown or disabled lead on the leadId field and writes nothing', async () => {
		const disabled = await buildUser();
		await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, disabled.id));
		for (const leadId of [crypto.randomUUID(), disabled.id]) {
			const before = await tableCounts();
			const e = await refusal(groups.create(coordinator, input(`Pilote ${leadId}`), leadId));
			expect(e).toMatchObject({
				kind: 'invalid',
				messageKey: 'validation.choose',
				field: 'leadId'
			});
			expect(await tableCounts()).toEqual(before);
		}
	});
});

describe('groups.update', () => {
	it('lets a lead edit the group and records what changed, before and after', async () => {
		const lead = await buildUser();
		const group = await buildGroup({ name: 'Attractivité', joinPolicy: 'closed' }, [
			{ user: lead, role: 'lead' }
		]);
		const updated = await groups.update(
			lead,
			group.id,
			input('Attractivité', { description: 'Nouveau texte', joinPolicy: 'open', purpose: '' })
		);
		expect(updated).toMatchObject({
			description: 'Nouveau texte',
			joinPolicy: 'open',
			purpose: null,
			slug: group.slug
		});
		const [entry] = await historyOf(group.id);
		expect(entry).toMatchObject({ actorId: lead.id, verb: 'updated', label: 'Attractivité' });
		expect([entry.before, entry.after]).toEqual([
			{ description: '', joinPolicy: 'closed' },
			{ description: 'Nouveau texte', joinPolicy: 'open' }
		]);
	});

	it('records nothing when nothing changed', async () => {
		const group = await groups.create(coordinator, input('Inchangé'));
		await groups.update(coordinator, group.id, input('Inchangé'));
		expect((await historyOf(group.id)).map((h) => h.verb)).toEqual(['created']);
	});

	it('lets the coordination edit a group it is not in', async () => {
		const group = await buildGroup();
		const updated = await groups.update(admin, group.id, input(`${group.name} (admin)`));
		expect(updated.name).toBe(`${group.name} (admin)`);
	});

	it('refuses a member, an observer and a director, changing nothing', async () => {
		const member = await buildUser();
		const observer = await buildUser();
		const group = await buildGroup({ joinPolicy: 'open' }, [
			{ user: member, role: 'member' },
			{ user: observer, role: 'observer' }
		]);
		for (const user of [member, observer, director]) {
			const e = await refusal(groups.update(user, group.id, input('Piraté')));
			expect(e.kind, user.role).toBe('forbidden');
		}
		const outsider = await buildUser({ role: 'partner' });
		expect((await refusal(groups.update(outsider, group.id, input('Piraté')))).kind).toBe(
			'not_found'
		);
		expect(await stored(group.id)).toEqual(group);
		expect(await historyOf(group.id)).toEqual([]);
	});

	it('refuses a name another group has', async () => {
		const taken = await buildGroup({ name: 'Nom déjà pris' });
		const group = await buildGroup();
		const e = await refusal(groups.update(coordinator, group.id, input('NOM DÉJÀ PRIS')));
		expect(e).toMatchObject({ messageKey: 'group.name_taken', field: 'name' });
		expect((await stored(group.id)).name).toBe(group.name);
		expect(taken.name).toBe('Nom déjà pris');
	});

	it('gives a renamed group a new slug and keeps the old one answering', async () => {
		const group = await groups.create(coordinator, input('Alpha'));
		const renamed = await groups.update(coordinator, group.id, input('Bêta'));
		expect(renamed.slug).toBe('beta');
		expect(await groups.resolveSlug('beta')).toEqual({ id: group.id });
		expect(await groups.resolveSlug('alpha')).toEqual({ id: group.id, movedTo: 'beta' });

		const again = await groups.update(coordinator, group.id, input('Gamma'));
		expect(again.slug).toBe('gamma');
		expect(await groups.resolveSlug('alpha')).toEqual({ id: group.id, movedTo: 'gamma' });
		expect(await groups.resolveSlug('beta')).toEqual({ id: group.id, movedTo: 'gamma' });
		expect(await groups.resolveSlug('nulle-part')).toBeUndefined();
	});

	it('gives a group renamed back its first slug, the later one now redirecting', async () => {
		const group = await groups.create(coordinator, input('Retour'));
		await groups.update(coordinator, group.id, input('Aller'));
		const back = await groups.update(coordinator, group.id, input('Retour'));
		expect(back.slug).toBe('retour');
		expect(await groups.resolveSlug('retour')).toEqual({ id: group.id });
		expect(await groups.resolveSlug('aller')).toEqual({ id: group.id, movedTo: 'retour' });
		const history = await db
			.select({ slug: groupSlugHistory.slug })
			.from(groupSlugHistory)
			.where(eq(groupSlugHistory.groupId, group.id));
		expect(history).toEqual([{ slug: 'aller' }]);
	});

	it('keeps the slug when the new name gives the same one', async () => {
		const group = await groups.create(coordinator, input('Déchets'));
		const updated = await groups.update(coordinator, group.id, input('déchets !'));
		expect(updated.slug).toBe('dechets');
	});

	it('never gives a new group the old slug of another one', async () => {
		const group = await groups.create(coordinator, input('Ancien nom'));
		await groups.update(coordinator, group.id, input('Nouveau nom'));
		const newcomer = await groups.create(coordinator, input('Ancien nom'));
		expect(newcomer.slug).toBe('ancien-nom-2');
		expect(await groups.resolveSlug('ancien-nom')).toEqual({
			id: group.id,
			movedTo: 'nouveau-nom'
		});
	});
});

describe('groups.setStatus', () => {
	it('lets the coordination pause, archive and reopen a group, recording each change', async () => {
		const group = await buildGroup();
		expect((await groups.setStatus(coordinator, group.id, 'paused')).status).toBe('paused');
		expect((await groups.setStatus(admin, group.id, 'archived')).status).toBe('archived');
		expect((await groups.setStatus(coordinator, group.id, 'active')).status).toBe('active');
		await groups.setStatus(coordinator, group.id, 'active');
		const history = await historyOf(group.id);
		expect(
			history
				.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
				.map((h) => [h.verb, h.before, h.after])
		).toEqual([
			['status_changed', { status: 'active' }, { status: 'paused' }],
			['status_changed', { status: 'paused' }, { status: 'archived' }],
			['status_changed', { status: 'archived' }, { status: 'active' }]
		]);
	});

	it('refuses a lead, a member and a director', async () => {
		const lead = await buildUser();
		const member = await buildUser();
		const group = await buildGroup({}, [
			{ user: lead, role: 'lead' },
			{ user: member, role: 'member' }
		]);
		for (const user of [lead, member, director]) {
			expect((await refusal(groups.setStatus(user, group.id, 'archived'))).kind).toBe('forbidden');
		}
		expect((await stored(group.id)).status).toBe('active');
	});

	it('makes an archived group read-only, then writable again once reopened', async () => {
		const lead = await buildUser();
		const member = await buildUser();
		const outsider = await buildUser();
		const group = await buildGroup({ joinPolicy: 'open', name: 'Archivable' }, [
			{ user: lead, role: 'lead' },
			{ user: member, role: 'member' }
		]);
		await groups.setStatus(coordinator, group.id, 'archived');
		const before = await tableCounts();
		const goal = objectives.objectiveSchema.parse({
			title: 'Objectif',
			description: '',
			targetDate: '',
			status: 'not_started'
		});
		const refusals = await Promise.all([
			refusal(groups.update(lead, group.id, input('Archivable', { description: 'x' }))),
			refusal(groups.update(coordinator, group.id, input('Archivable', { description: 'x' }))),
			refusal(objectives.create(lead, group.id, goal)),
			refusal(memberships.add(lead, group.id, outsider.id, 'member')),
			refusal(memberships.add(coordinator, group.id, member.id, 'observer')),
			refusal(memberships.remove(coordinator, group.id, member.id)),
			refusal(memberships.leave(member, group.id))
		]);
		expect(refusals.map((e) => e.kind)).toEqual(Array(7).fill('forbidden'));
		expect((await refusal(memberships.join(outsider, group.id))).messageKey).toBe(
			'membership.cannot_join'
		);
		expect(await tableCounts()).toEqual(before);
		// Still readable.
		expect((await groups.access(member, group.id)).group.status).toBe('archived');

		await groups.setStatus(coordinator, group.id, 'active');
		await memberships.leave(member, group.id);
		expect(await groups.membershipOf(member.id, group.id)).toBeNull();
	});
});

describe('groups.access', () => {
	it('answers "not found" to whoever may not see the group, as for a group that does not exist', async () => {
		const member = await buildUser({ role: 'member' });
		const partner = await buildUser({ role: 'partner' });
		const closed = await buildGroup({ joinPolicy: 'closed' });
		const open = await buildGroup({ joinPolicy: 'open' });
		expect((await refusal(groups.access(partner, open.id))).kind).toBe('not_found');
		expect((await refusal(groups.access(member, closed.id))).kind).toBe('not_found');
		expect((await refusal(groups.access(member, crypto.randomUUID()))).kind).toBe('not_found');
		expect((await refusal(groups.access(null, open.id))).kind).toBe('forbidden');
	});

	it('opens the group with the person’s place in it', async () => {
		const member = await buildUser({ role: 'member' });
		const partner = await buildUser({ role: 'partner' });
		const closed = await buildGroup({ joinPolicy: 'closed' }, [
			{ user: partner, role: 'observer' }
		]);
		const open = await buildGroup({ joinPolicy: 'open' });
		expect(await groups.access(partner, closed.id)).toMatchObject({
			membership: 'observer',
			context: { status: 'active', joinPolicy: 'closed', membership: 'observer' }
		});
		expect((await groups.access(member, open.id)).membership).toBeNull();
		expect((await groups.access(director, closed.id)).group.id).toBe(closed.id);
		expect((await groups.access(coordinator, closed.id)).group.id).toBe(closed.id);
	});
});

describe('groups.listVisible', () => {
	let open: Awaited<ReturnType<typeof buildGroup>>;
	let closedMine: Awaited<ReturnType<typeof buildGroup>>;
	let member: SessionUser;
	let partner: SessionUser;

	beforeAll(async () => {
		member = await buildUser({ role: 'member' });
		partner = await buildUser({ role: 'partner' });
		open = await buildGroup({ name: 'zz Ouvert', joinPolicy: 'open' });
		closedMine = await buildGroup({ name: 'zz Fermé à moi', joinPolicy: 'closed' }, [
			{ user: member, role: 'member' },
			{ user: partner, role: 'observer' }
		]);
		await buildGroup({ name: 'zz Fermé aux autres', joinPolicy: 'closed' });
		await buildGroup({
			name: 'zz Archivé fermé',
			joinPolicy: 'closed',
			status: 'archived'
		});
	});

	const mine = (rows: Awaited<ReturnType<typeof groups.listVisible>>) =>
		rows
			.filter((r) => r.group.name.startsWith('zz '))
			.map((r) => [r.group.name, r.membership, r.canView]);

	it('shows a partner only their own groups', async () => {
		expect(mine(await groups.listVisible(partner))).toEqual([['zz Fermé à moi', 'observer', true]]);
		expect((await groups.listVisible(partner)).map((r) => r.group.id)).toEqual([closedMine.id]);
	});

	it('shows a member the open groups, their closed ones, and the closed ones they may ask to join', async () => {
		expect(mine(await groups.listVisible(member))).toEqual([
			['zz Fermé à moi', 'member', true],
			['zz Fermé aux autres', null, false],
			['zz Ouvert', null, true]
		]);
	});

	it('shows a director and the coordination every group, sorted by name', async () => {
		for (const user of [director, coordinator]) {
			const rows = await groups.listVisible(user);
			expect(mine(rows)).toEqual([
				['zz Archivé fermé', null, true],
				['zz Fermé à moi', null, true],
				['zz Fermé aux autres', null, true],
				['zz Ouvert', null, true]
			]);
			const names = rows.map((r) => r.group.name);
			expect(names).toEqual([...names].sort(new Intl.Collator('fr').compare));
			const [{ n }] = await db.select({ n: count() }).from(groupsTable);
			expect(rows).toHaveLength(n);
		}
	});

	it('counts members and lists a person’s memberships', async () => {
		const counts = await groups.memberCounts();
		expect(counts.get(closedMine.id)).toBe(2);
		expect(counts.get(open.id)).toBeUndefined();
		const of = await groups.membershipsOf(member.id);
		expect(of.map((m) => [m.group.id, m.role])).toEqual([[closedMine.id, 'member']]);
		const [row] = await db
			.select()
			.from(groupMembers)
			.where(and(eq(groupMembers.groupId, closedMine.id), eq(groupMembers.userId, member.id)));
		expect(of[0].lastSeenAt).toEqual(row.lastSeenAt);
	});
});
