import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import * as dashboard from '$lib/server/progress/dashboard';
import { db } from '$lib/server/db';
import { groups, themes as themesTable } from '$lib/server/db/schema';
import * as themes from '$lib/server/themes';
import * as themesPage from '../../src/routes/(app)/admin/themes/+page.server';
import type { PageServerData as ThemesData } from '../../src/routes/(app)/admin/themes/$types';
import * as groupLayout from '../../src/routes/(app)/groupes/[slug]/+layout.server';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';
import { expectFailure, expectHttpError, run } from '../helpers/events';
import { buildGroup, buildUser } from '../helpers/factories';

await createTestDb();

let admin: SessionUser;
beforeAll(async () => {
	admin = await buildUser({ role: 'admin' });
});

const keys = async () => (await themes.list(admin)).map((t) => t.key);
const post = (action: keyof typeof themesPage.actions, user: SessionUser | null, form = {}) =>
	run(themesPage.actions[action], { path: `/admin/themes?/${action}`, user, form });

describe('the list of themes', () => {
	it('starts with the themes the code knew, in their order, in both languages', async () => {
		const { result } = await run(themesPage.load, { path: '/admin/themes', user: admin });
		const list = (result as ThemesData).themes;
		expect(list.map((t) => [t.key, t.labelFr, t.labelEn])).toEqual([
			['mobility', 'Mobilités', 'Mobility'],
			['recruitment', 'Recrutement et compétences', 'Recruitment and skills'],
			['pooling', 'Mutualisation des ressources', 'Pooling of resources'],
			['attractiveness', 'Attractivité du territoire', 'Attractiveness of the territory'],
			['events', 'Événements', 'Events']
		]);
		expect(list.every((t) => t.archivedAt === null && t.groups === 0)).toBe(true);
	});

	it('lets the admin add a theme at the end, named in French and English', async () => {
		const { result } = await post('create', admin, {
			labelFr: ' Transition énergétique ',
			labelEn: 'Energy transition'
		});
		expect(result).toEqual({ added: 'Transition énergétique' });
		expect((await keys()).at(-1)).toBe('transition-energetique');
		// A second theme of the same French words is refused, on its field, keeping what was typed.
		const typed = { labelFr: 'transition ENERGETIQUE', labelEn: 'Another' };
		const data = expectFailure((await post('create', admin, typed)).result, 400);
		expect(data).toEqual({
			values: { ...typed, row: 'new' },
			errors: { labelFr: 'themes.label_taken' }
		});
		const short = expectFailure(
			(await post('create', admin, { labelFr: 'x', labelEn: '' })).result
		);
		expect(short.errors).toEqual({
			labelFr: 'validation.too_short',
			labelEn: 'validation.too_short'
		});
		expect(await keys()).toHaveLength(6);
	});

	it('renames a theme in both languages; its key, and so its groups, stay', async () => {
		const group = await buildGroup({ name: 'Covoiturage', theme: 'mobility' });
		const { result } = await post('rename', admin, {
			key: 'mobility',
			labelFr: 'Mobilités et transports',
			labelEn: 'Mobility and transport'
		});
		expect(result).toEqual({ done: 'themes.renamed' });
		const [stored] = await db.select().from(groups).where(eq(groups.id, group.id));
		expect(stored.theme).toBe('mobility');
		// Renaming to a label another theme has is refused, on that row.
		const clash = expectFailure(
			(
				await post('rename', admin, {
					key: 'mobility',
					labelFr: 'Mobilités et transports',
					labelEn: 'Events'
				})
			).result
		);
		expect(clash.values.row).toBe('mobility');
		expect(clash.errors).toEqual({ labelEn: 'themes.label_taken' });
		// An unknown key is a 404.
		expectHttpError(
			(await post('rename', admin, { key: 'nope', labelFr: 'Rien', labelEn: 'Nothing' })).thrown,
			404
		);
	});

	it('reorders the list one place at a time', async () => {
		await post('move', admin, { key: 'events', direction: 'up' });
		expect((await keys()).slice(0, 5)).toEqual([
			'mobility',
			'recruitment',
			'pooling',
			'events',
			'attractiveness'
		]);
		await post('move', admin, { key: 'mobility', direction: 'down' });
		expect((await keys()).slice(0, 2)).toEqual(['recruitment', 'mobility']);
		// The first cannot go higher, the last no lower: nothing changes.
		const before = await keys();
		await post('move', admin, { key: before[0], direction: 'up' });
		await post('move', admin, { key: before.at(-1)!, direction: 'down' });
		expect(await keys()).toEqual(before);
		const bad = expectFailure(
			(await post('move', admin, { key: 'events', direction: 'left' })).result
		);
		expect(bad.errors).toEqual({ direction: 'validation.choose' });
	});

	it('archives a theme still used, never deletes it; deletes one no group uses', async () => {
		await buildGroup({ name: 'Portes ouvertes', theme: 'events' });
		const refused = expectFailure((await post('remove', admin, { key: 'events' })).result, 409);
		expect(refused.errors).toEqual({ form: 'themes.in_use' });
		// The database refuses it too, whatever the code above it says.
		await expect(db.delete(themesTable).where(eq(themesTable.key, 'events'))).rejects.toThrow();

		expect((await post('archive', admin, { key: 'events' })).result).toEqual({
			done: 'themes.archived'
		});
		const archived = (await themes.list(admin)).find((t) => t.key === 'events')!;
		expect(archived.archivedAt).not.toBeNull();
		expect(archived.groups).toBe(1);
		// No longer offered to a new group; still offered to the group that has it.
		expect((await themes.choices()).map((c) => c.key)).not.toContain('events');
		expect((await themes.choices('events')).find((c) => c.key === 'events')).toMatchObject({
			archived: true
		});
		await post('restore', admin, { key: 'events' });
		expect((await themes.choices()).map((c) => c.key)).toContain('events');

		expect((await post('remove', admin, { key: 'transition-energetique' })).result).toEqual({
			done: 'themes.deleted'
		});
		expect(await keys()).not.toContain('transition-energetique');
	});

	it('is the admin’s alone: the coordination, members and visitors change nothing', async () => {
		const before = await themes.list(admin);
		const forms = {
			create: { labelFr: 'Numérique', labelEn: 'Digital' },
			rename: { key: 'pooling', labelFr: 'Achats', labelEn: 'Purchasing' },
			move: { key: 'pooling', direction: 'up' },
			archive: { key: 'pooling' },
			restore: { key: 'pooling' },
			remove: { key: 'pooling' }
		};
		for (const role of ['coordinator', 'director', 'member', 'partner'] as const) {
			const person = await buildUser({ role });
			expectHttpError(
				(await run(themesPage.load, { path: '/admin/themes', user: person })).thrown,
				403
			);
			for (const [action, form] of Object.entries(forms)) {
				const { thrown } = await post(action as keyof typeof forms, person, form);
				expectHttpError(thrown, 403);
			}
			expect((await refusal(themes.create(person, forms.create))).kind).toBe('forbidden');
			expect((await refusal(themes.remove(person, 'pooling'))).kind).toBe('forbidden');
			expect((await refusal(themes.list(person))).kind).toBe('forbidden');
		}
		const visitor = await post('create', null, forms.create);
		expect((visitor.thrown as { status: number }).status).toBe(303);
		expect(await themes.list(admin)).toEqual(before);
	});
});

describe('where a theme is shown', () => {
	it('gives the group’s page the labels, not the key', async () => {
		const group = await buildGroup({ name: 'Achats groupés', theme: 'pooling' });
		const lead = await buildUser();
		await db.execute(
			sql`insert into group_members (group_id, user_id, role) values (${group.id}, ${lead.id}, 'lead')`
		);
		const { result } = await run(groupLayout.load, {
			path: `/groupes/${group.slug}`,
			params: { slug: group.slug },
			user: lead
		});
		expect((result as { group: { theme: unknown } }).group.theme).toEqual({
			fr: 'Mutualisation des ressources',
			en: 'Pooling of resources'
		});
	});

	it('gives the dashboard’s filter the themes in use, by label, in the admin’s order', async () => {
		const { themes: offered } = await dashboard.filterChoices();
		const order = (await themes.list(admin)).map((t) => t.key);
		expect(offered.map((t) => t.key)).toEqual(
			order.filter((k) => ['mobility', 'events', 'pooling'].includes(k))
		);
		expect(offered.find((t) => t.key === 'events')).toEqual({
			key: 'events',
			fr: 'Événements',
			en: 'Events'
		});
	});
});

describe('the migration', () => {
	it('files each group’s own free theme in the list, under the words it had', async () => {
		const dir = join(import.meta.dirname, '../../drizzle');
		const file = readdirSync(dir).find((f) => f.endsWith('_settings_themes_logo.sql'))!;
		const statements = readFileSync(join(dir, file), 'utf8').split('--> statement-breakpoint');
		const copy = statements.find((s) => s.includes('own theme (free text until now)'))!;
		// The database as it was before: a group with a theme of its own, not in any list.
		await db.execute(sql`alter table groups drop constraint groups_theme_themes_key_fk`);
		const group = await buildGroup({ name: 'Cercle RSE', theme: 'mobility' });
		await db
			.update(groups)
			.set({ theme: 'Responsabilité sociétale' })
			.where(eq(groups.id, group.id));
		await db.execute(sql.raw(copy));
		await db.execute(
			sql`alter table groups add constraint groups_theme_themes_key_fk foreign key (theme) references themes(key) on delete restrict on update cascade`
		);
		const [theme] = await db
			.select()
			.from(themesTable)
			.where(eq(themesTable.key, 'Responsabilité sociétale'));
		expect(theme).toMatchObject({
			labelFr: 'Responsabilité sociétale',
			labelEn: 'Responsabilité sociétale',
			archivedAt: null
		});
	});
});
