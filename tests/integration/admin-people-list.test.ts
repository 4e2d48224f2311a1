import { isHttpError } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { users } from '$lib/server/db/schema';
import * as peoplePage from '../../src/routes/(app)/admin/personnes/+page.server';
import type { PageServerData as PageData } from '../../src/routes/(app)/admin/personnes/$types';
import { createTestDb } from '../helpers/db';
import { expectFailure, run } from '../helpers/events';
import { buildOrganisation, buildUser } from '../helpers/factories';

// A fresh database for this file. Opened here rather than in beforeAll: vitest ignores an
// afterAll registered from inside a hook, and that afterAll is what closes and drops it.
await createTestDb();

let admin: SessionUser;
let elodie: SessionUser;
let bruno: SessionUser;
let chloe: SessionUser;
let orgId: string;

/** The people page as the admin sees it at `query`. */
async function view(query = '', user: SessionUser = admin) {
	const { result, thrown } = await run(peoplePage.load, {
		user,
		path: `/admin/personnes${query}`
	});
	if (thrown) throw thrown;
	return result as PageData;
}

const names = (data: PageData) => data.people.map((p) => p.name);

async function disabledAt(id: string) {
	const [user] = await db.select().from(users).where(eq(users.id, id));
	return user.disabledAt;
}

beforeAll(async () => {
	admin = await buildUser({ role: 'admin', name: 'Zoé Admin' });
	const org = await buildOrganisation({ name: 'Ateliers du Ried' });
	orgId = org.id;
	elodie = await buildUser({
		name: 'Élodie Kieffer',
		email: 'e.kieffer@ried.example',
		role: 'coordinator',
		organisationId: orgId
	});
	bruno = await buildUser({
		name: 'Bruno Schaal',
		email: 'bruno@ried.example',
		organisationId: orgId
	});
	chloe = await buildUser({ name: 'Chloé Wolff', email: 'chloe.wolff@example.test' });
	await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, chloe.id));
	// Enough people for three pages of fifty.
	const others = await buildOrganisation({ name: 'Foule' });
	await db.insert(users).values(
		Array.from({ length: 110 }, (_, i) => ({
			name: `Membre ${String(i).padStart(3, '0')}`,
			email: `membre${i}@foule.example`,
			organisationId: others.id,
			passwordHash: 'x',
			role: 'member' as const
		}))
	);
});

describe('the admin people page: search, filters and pages in the URL', () => {
	it('finds Élodie by typing "elodie", by her e-mail, accents and case aside', async () => {
		expect(names(await view('?q=elodie'))).toEqual(['Élodie Kieffer']);
		expect(names(await view('?q=ELODIE%20kief'))).toEqual(['Élodie Kieffer']);
		expect(names(await view('?q=kieffer%40ried'))).toEqual(['Élodie Kieffer']);
		// LIKE's own characters stand for themselves.
		expect((await view('?q=%25')).total).toBe(0);
	});

	it('filters by network role, organisation and status', async () => {
		expect(names(await view('?role=coordinator'))).toEqual(['Élodie Kieffer']);
		expect(names(await view(`?organisation=${orgId}`))).toEqual(['Bruno Schaal', 'Élodie Kieffer']);
		expect(names(await view('?status=disabled'))).toEqual(['Chloé Wolff']);
		const active = await view('?status=active');
		expect(active.total).toBe(113);
		expect(names(active)).not.toContain('Chloé Wolff');
		expect(names(await view(`?organisation=${orgId}&role=member`))).toEqual(['Bruno Schaal']);
		// The organisations to choose from are those with people in them.
		expect((await view()).organisations.map((o) => o.name)).toContain('Ateliers du Ried');
	});

	it('pages by fifty in French order, with the total and links keeping the filters', async () => {
		const first = await view();
		expect(first.total).toBe(114);
		expect(first.pages).toBe(3);
		expect(first.page).toBe(1);
		expect(first.people).toHaveLength(50);
		// Élodie among the E, after Chloé and before the Membres.
		expect(names(first).slice(0, 3)).toEqual(['Bruno Schaal', 'Chloé Wolff', 'Élodie Kieffer']);
		expect(first.pageHrefs).toEqual({ previous: null, next: '/admin/personnes?page=2' });

		const third = await view('?page=3');
		expect(third.people).toHaveLength(14);
		expect(names(third).at(-1)).toBe('Zoé Admin');
		const all = [...names(first), ...names(await view('?page=2')), ...names(third)];
		expect(new Set(all).size).toBe(114);

		const filtered = await view('?q=membre&page=2');
		expect(filtered.total).toBe(110);
		expect(names(filtered)[0]).toBe('Membre 050');
		expect(filtered.pageHrefs).toEqual({
			previous: '/admin/personnes?q=membre',
			next: '/admin/personnes?q=membre&page=3'
		});
	});

	it('ignores parameters it cannot read instead of failing', async () => {
		for (const query of [
			'?role=emperor',
			'?organisation=not-a-uuid',
			'?status=sleeping',
			'?page=-2',
			'?page=abc',
			'?page=1.5',
			'?role=&status=&q=',
			'?q=' + 'x'.repeat(5000).replace(/x/g, '%')
		]) {
			const data = await view(query);
			expect(data.page, query).toBe(1);
			if (!query.startsWith('?q=%')) expect(data.total, query).toBe(114);
		}
		expect((await view('?role=emperor&status=disabled')).total).toBe(1);
		// Past the last page: the last page.
		const far = await view('?page=99');
		expect(far.page).toBe(3);
		expect(far.people).toHaveLength(14);
	});

	it('is refused to a coordinator and a member', async () => {
		for (const user of [elodie, bruno]) {
			const { thrown } = await run(peoplePage.load, { user, path: '/admin/personnes?q=a' });
			expect(isHttpError(thrown, 403)).toBe(true);
		}
	});
});

describe('disabling an account takes a confirmation', () => {
	it('asks first, naming the person, and changes nothing', async () => {
		const { result } = await run(peoplePage.actions.disable, {
			user: admin,
			path: '/admin/personnes?q=bruno&/disable',
			form: { userId: bruno.id }
		});
		expect(result).toEqual({ confirmDisable: { userId: bruno.id, name: 'Bruno Schaal' } });
		expect(await disabledAt(bruno.id)).toBeNull();
		const { result: other } = await run(peoplePage.actions.disable, {
			user: admin,
			form: { userId: bruno.id, confirm: 'yes' }
		});
		expect(other).toHaveProperty('confirmDisable');
		expect(await disabledAt(bruno.id)).toBeNull();
	});

	it('disables with confirm=1', async () => {
		const { result } = await run(peoplePage.actions.disable, {
			user: admin,
			form: { userId: bruno.id, confirm: '1' }
		});
		expect(result).toEqual({ done: 'people.disabled_done', userId: bruno.id });
		expect(await disabledAt(bruno.id)).not.toBeNull();
	});

	it('is refused to a coordinator, confirmed or not', async () => {
		for (const form of [{ userId: chloe.id }, { userId: elodie.id, confirm: '1' }] as Record<
			string,
			string
		>[]) {
			const { thrown } = await run(peoplePage.actions.disable, { user: elodie, form });
			expect(isHttpError(thrown, 403)).toBe(true);
		}
		expect(await disabledAt(elodie.id)).toBeNull();
	});

	it('refuses at the question to disable oneself', async () => {
		const { result } = await run(peoplePage.actions.disable, {
			user: admin,
			form: { userId: admin.id }
		});
		expect(expectFailure(result, 400).errors).toEqual({ form: 'people.cannot_disable_self' });
	});

	it('answers 404 when asked about an unknown person', async () => {
		const { thrown } = await run(peoplePage.actions.disable, {
			user: admin,
			form: { userId: crypto.randomUUID() }
		});
		expect(isHttpError(thrown, 404)).toBe(true);
	});
});
