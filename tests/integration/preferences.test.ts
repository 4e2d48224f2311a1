import { isRedirect } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { notificationPreferences } from '$lib/server/db/schema';
import * as preferences from '$lib/server/preferences';
import * as profilePage from '../../src/routes/(app)/profil/+page.server';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';
import { expectFailure, fakeEvent, run } from '../helpers/events';
import { buildUser } from '../helpers/factories';

await createTestDb();

const all = {
	mention: 'immediate',
	assignment: 'daily',
	due: 'weekly',
	minutes: 'off',
	reply: 'daily',
	check_in: 'weekly',
	invitations: 'off',
	decisions: 'off'
};

async function stored(user: SessionUser) {
	const rows = await db
		.select({ topic: notificationPreferences.topic, delivery: notificationPreferences.delivery })
		.from(notificationPreferences)
		.where(eq(notificationPreferences.userId, user.id));
	return Object.fromEntries(rows.map((r) => [r.topic, r.delivery]));
}

async function load(user: SessionUser) {
	const { event } = fakeEvent<Parameters<typeof profilePage.load>[0]>({ user, path: '/profil' });
	return (await profilePage.load(event)) as { notifications: { chosen: Record<string, string> } };
}

describe('the profile page', () => {
	it('shows the defaults to someone who never chose', async () => {
		const user = await buildUser();
		expect((await load(user)).notifications.chosen).toEqual(preferences.DEFAULT_DELIVERY);
	});

	it('saves every choice, shows it back, and saves a change over it', async () => {
		const user = await buildUser();
		const { result } = await run(profilePage.actions.notifications, { user, form: all });
		expect(result).toEqual({ saved: 'notifications' });
		expect(await stored(user)).toEqual(all);
		expect((await load(user)).notifications.chosen).toEqual(all);

		const { result: again } = await run(profilePage.actions.notifications, {
			user,
			form: { ...all, minutes: 'immediate' }
		});
		expect(again).toEqual({ saved: 'notifications' });
		expect(await stored(user)).toEqual({ ...all, minutes: 'immediate' });
		expect(await preferences.deliveryOf(user.id, 'minutes')).toBe('immediate');
	});

	it('refuses an unknown choice or a missing topic, says where, and writes nothing', async () => {
		const user = await buildUser();
		await preferences.save(user, { ...preferences.DEFAULT_DELIVERY, due: 'weekly' });
		const before = await stored(user);

		const bad = { ...all, minutes: 'hourly' };
		const { result } = await run(profilePage.actions.notifications, { user, form: bad });
		expect(expectFailure(result)).toEqual({
			values: bad,
			errors: { minutes: 'prefs.invalid', notifications: 'prefs.not_saved' }
		});

		const { mention: _, ...missing } = all;
		const { result: partial } = await run(profilePage.actions.notifications, {
			user,
			form: missing
		});
		expect(expectFailure(partial).errors).toEqual({
			mention: 'prefs.invalid',
			notifications: 'prefs.not_saved'
		});
		expect(await stored(user)).toEqual(before);
	});

	it('ignores fields that are not topics, and saves only for the person who sends the form', async () => {
		const [user, other] = [await buildUser(), await buildUser()];
		const { result } = await run(profilePage.actions.notifications, {
			user,
			form: { ...all, userId: other.id, digest: 'hourly' }
		});
		expect(result).toEqual({ saved: 'notifications' });
		expect(await stored(other)).toEqual({});
		expect(await stored(user)).toEqual(all);
	});

	it('sends a visitor without a session to the login page', async () => {
		const { thrown } = await run(profilePage.actions.notifications, { form: all });
		expect(isRedirect(thrown)).toBe(true);
		expect((await refusal(preferences.save(null, preferences.DEFAULT_DELIVERY))).kind).toBe(
			'forbidden'
		);
	});
});
