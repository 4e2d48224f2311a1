import { describe, expect, it } from 'vitest';
import * as calendar from '$lib/server/meetings/calendar';
import { publicOrigin } from '$lib/server/origin';
import { actions, load } from '../../src/routes/(app)/profil/agenda/+page.server';
import { createTestDb } from '../helpers/db';
import { run } from '../helpers/events';
import { buildUser } from '../helpers/factories';

await createTestDb();

type Page = { feed: { createdAt: Date } | null; feedUrl: string | null };
const page = async (user: Awaited<ReturnType<typeof buildUser>>) =>
	(await run(load as never, { user })).result as Page;

describe('the private calendar address', () => {
	it('can be read again at any time after it was made, and still works', async () => {
		const person = await buildUser();
		expect(await page(person)).toMatchObject({ feed: null, feedUrl: null });
		const made = (await run(actions.create, { user: person, form: {} })).result as {
			feedUrl: string;
		};
		expect(made.feedUrl.startsWith(`${await publicOrigin()}/agenda/`)).toBe(true);
		// Later, on another visit: the same address, and it opens the calendar.
		const later = await page(person);
		expect(later.feedUrl).toBe(made.feedUrl);
		const token = made.feedUrl.split('/agenda/')[1].replace(/\.ics$/, '');
		expect(await calendar.feed(token, 'https://maillage.test')).toContain('BEGIN:VCALENDAR');
	});

	it('is replaced only once the person confirms, since the old one then stops working', async () => {
		const person = await buildUser();
		const first = (await run(actions.create, { user: person, form: {} })).result as {
			feedUrl: string;
		};
		const unconfirmed = await run(actions.create, { user: person, form: {} });
		expect(unconfirmed.result).toMatchObject({ status: 400, data: { confirmRenew: true } });
		expect((await page(person)).feedUrl).toBe(first.feedUrl);

		const renewed = (await run(actions.create, { user: person, form: { confirm: '1' } }))
			.result as { feedUrl: string };
		expect(renewed.feedUrl).not.toBe(first.feedUrl);
		expect((await page(person)).feedUrl).toBe(renewed.feedUrl);
		const oldToken = first.feedUrl.split('/agenda/')[1].replace(/\.ics$/, '');
		expect(await calendar.feed(oldToken, 'https://maillage.test')).toBeUndefined();
	});
});
