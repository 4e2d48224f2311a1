import { isHttpError } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { users } from '$lib/server/db/schema';
import * as directory from '$lib/server/directory';
import * as organisationPage from '../../src/routes/(app)/annuaire/organisations/[id=uuid]/+page.server';
import { match as matchUuid } from '../../src/params/uuid';
import * as personPage from '../../src/routes/(app)/annuaire/personnes/[id=uuid]/+page.server';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';
import { run } from '../helpers/events';
import { buildGroup, buildOrganisation, buildUser } from '../helpers/factories';

// A fresh database for this file. Opened here rather than in beforeAll: vitest ignores an
// afterAll registered from inside a hook, and that afterAll is what closes and drops it.
await createTestDb();

let director: SessionUser;
let member: SessionUser;
let partner: SessionUser;
let fonderie: { id: string };
let scierie: { id: string };
let region: { id: string };
let alice: SessionUser;
let bruno: SessionUser;
let chloe: SessionUser;
let disabled: SessionUser;
let mobilite: { id: string; slug: string };
let recrutement: { id: string; slug: string };

beforeAll(async () => {
	fonderie = await buildOrganisation({ name: 'Fonderie du Giessen', sector: 'Métallurgie' });
	scierie = await buildOrganisation({ name: 'Scierie Ried' });
	region = await buildOrganisation({ name: 'Région', kind: 'local_authority' });
	director = await buildUser({ role: 'director', organisationId: fonderie.id });
	member = await buildUser({ role: 'member' });
	partner = await buildUser({ role: 'partner', organisationId: region.id, name: 'Chloé Région' });
	chloe = partner;
	alice = await buildUser({ name: 'Alice Fonderie', organisationId: fonderie.id });
	bruno = await buildUser({ name: 'Bruno Fonderie', organisationId: fonderie.id });
	disabled = await buildUser({ name: 'Zoé Partie', organisationId: fonderie.id });
	mobilite = await buildGroup({ name: 'Mobilités' }, [
		{ user: alice, role: 'lead' },
		{ user: bruno, role: 'member' },
		{ user: chloe, role: 'observer' },
		{ user: disabled, role: 'member' }
	]);
	recrutement = await buildGroup({ name: 'Recrutement', joinPolicy: 'closed' }, [
		{ user: bruno, role: 'lead' }
	]);
	await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, disabled.id));
});

describe('the directory', () => {
	it('is closed to partners', async () => {
		for (const call of [
			() => directory.listOrganisations(partner),
			() => directory.listPeople(partner),
			() => directory.organisation(partner, fonderie.id),
			() => directory.person(partner, alice.id),
			() => directory.listOrganisations(null)
		]) {
			expect((await refusal(call())).kind).toBe('forbidden');
		}
	});

	it('tells a director which companies take part in which groups', async () => {
		const orgs = await directory.listOrganisations(director);
		const byName = new Map(orgs.map((o) => [o.name, o]));
		expect(byName.get('Fonderie du Giessen')).toMatchObject({
			sector: 'Métallurgie',
			// The director and Alice and Bruno; Zoé's account is disabled.
			people: 3,
			groups: [
				{ id: mobilite.id, slug: mobilite.slug, name: 'Mobilités', people: 2 },
				{ id: recrutement.id, name: 'Recrutement', people: 1 }
			]
		});
		expect(byName.get('Région')).toMatchObject({
			kind: 'local_authority',
			people: 1,
			groups: [{ id: mobilite.id, people: 1 }]
		});
		expect(byName.get('Scierie Ried')).toMatchObject({ people: 0, groups: [] });
		const names = orgs.map((o) => o.name);
		expect(names).toEqual([...names].sort(new Intl.Collator('fr').compare));
	});

	it('gives an organisation its people, each with their groups and role', async () => {
		const card = await directory.organisation(member, fonderie.id);
		expect(card.organisation.name).toBe('Fonderie du Giessen');
		expect(card.people.map((p) => [p.name, p.groups.map((g) => [g.name, g.role])])).toEqual([
			['Alice Fonderie', [['Mobilités', 'lead']]],
			[
				'Bruno Fonderie',
				[
					['Mobilités', 'member'],
					['Recrutement', 'lead']
				]
			],
			[director.name, []]
		]);
		expect(card.groups.map((g) => [g.name, g.people])).toEqual([
			['Mobilités', 2],
			['Recrutement', 1]
		]);
		expect((await directory.organisation(member, scierie.id)).people).toEqual([]);
	});

	it('gives a person their organisation and groups', async () => {
		const card = await directory.person(director, bruno.id);
		expect(card).toMatchObject({
			name: 'Bruno Fonderie',
			organisationId: fonderie.id,
			organisation: 'Fonderie du Giessen',
			groups: [
				{ id: mobilite.id, role: 'member', status: 'active' },
				{ id: recrutement.id, role: 'lead' }
			]
		});
		const people = await directory.listPeople(member);
		expect(people.find((p) => p.id === chloe.id)).toMatchObject({
			organisation: 'Région',
			groups: [{ id: mobilite.id, role: 'observer' }]
		});
		expect(people.some((p) => p.id === disabled.id)).toBe(false);
	});

	it('answers "not found" for an unknown organisation or person, and for a disabled one', async () => {
		const unknown = crypto.randomUUID();
		expect((await refusal(directory.organisation(director, unknown))).kind).toBe('not_found');
		expect((await refusal(directory.person(director, unknown))).kind).toBe('not_found');
		expect((await refusal(directory.person(director, disabled.id))).kind).toBe('not_found');
	});

	it('offers only active people to add to a group', async () => {
		const picker = await directory.peopleForPicker();
		expect(picker.find((p) => p.id === alice.id)).toEqual({
			id: alice.id,
			name: 'Alice Fonderie',
			organisation: 'Fonderie du Giessen'
		});
		expect(picker.some((p) => p.id === disabled.id)).toBe(false);
	});
});

describe('the directory pages', () => {
	it('answer 404 for an unknown or malformed id, and 403 to a partner', async () => {
		// A malformed id never reaches the loads: the route's matcher turns it away (a 404).
		expect(matchUuid('pas-un-id')).toBe(false);
		for (const [page, id] of [
			[organisationPage, crypto.randomUUID()],
			[personPage, crypto.randomUUID()]
		] as const) {
			const { thrown } = await run(page.load as (e: unknown) => unknown, {
				user: director,
				params: { id }
			});
			expect(isHttpError(thrown, 404), String(thrown)).toBe(true);
		}
		const { thrown } = await run(organisationPage.load, {
			user: partner,
			params: { id: fonderie.id }
		});
		expect(isHttpError(thrown, 403)).toBe(true);
	});

	it('load an organisation and a person', async () => {
		const org = await run(organisationPage.load, { user: director, params: { id: fonderie.id } });
		expect(org.result).toMatchObject({ organisation: { id: fonderie.id } });
		const person = await run(personPage.load, { user: member, params: { id: alice.id } });
		expect(person.result).toMatchObject({ person: { id: alice.id, groups: [{ role: 'lead' }] } });
	});
});
