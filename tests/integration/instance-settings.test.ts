import { describe, expect, it } from 'vitest';
import { periodSetting } from '$lib/server/progress/check-ins';
import {
	getNetworkName,
	instanceSettingsSchema,
	updateInstanceSettings,
	visitorRetentionMonths
} from '$lib/server/settings';
import { erasableBefore } from '$lib/server/events/retention';
import { actions } from '../../src/routes/(app)/admin/reglages/+page.server';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';
import { expectFailure, run } from '../helpers/events';
import { buildUser } from '../helpers/factories';

await createTestDb();

describe('the network settings', () => {
	it('let an admin rename the network and check in every quarter', async () => {
		const admin = await buildUser({ role: 'admin' });
		await updateInstanceSettings(
			admin,
			instanceSettingsSchema.parse({ networkName: 'Réseau Ried', checkInPeriod: 'quarter' })
		);
		expect(await getNetworkName()).toBe('Réseau Ried');
		expect(await periodSetting()).toBe('quarter');
	});

	it('refuse the coordination and bad values, changing nothing', async () => {
		const coordinator = await buildUser({ role: 'coordinator' });
		const input = instanceSettingsSchema.parse({ networkName: 'Autre', checkInPeriod: 'month' });
		expect((await refusal(updateInstanceSettings(coordinator, input))).kind).toBe('forbidden');
		const admin = await buildUser({ role: 'admin' });
		const { result } = await run(actions.save, {
			user: admin,
			form: { networkName: 'Réseau Ried', checkInPeriod: 'weekly' }
		});
		expect(expectFailure(result).errors).toEqual({ checkInPeriod: 'validation.choose' });
		expect(await periodSetting()).toBe('quarter');
		expect(await getNetworkName()).toBe('Réseau Ried');
	});

	it('keep open-house visitors’ data the months an admin sets, from 1 to 36', async () => {
		const admin = await buildUser({ role: 'admin' });
		expect(await visitorRetentionMonths()).toBe(6);
		const form = { networkName: 'Réseau Ried', checkInPeriod: 'quarter' };
		const saved = await run(actions.save, {
			user: admin,
			form: { ...form, visitorRetention: '12' }
		});
		expect(saved.result).toEqual({ done: 'settings.saved' });
		expect(await visitorRetentionMonths()).toBe(12);
		// Its erasure follows: an event ended ten months ago is kept, one ended thirteen is not.
		expect(erasableBefore('2027-12-15', await visitorRetentionMonths())).toBe('2026-12-15');
		for (const bad of ['0', '37', '2.5', 'six', '']) {
			const { result } = await run(actions.save, {
				user: admin,
				form: { ...form, visitorRetention: bad }
			});
			expect(expectFailure(result).errors).toEqual({
				visitorRetention: 'settings.visitor_retention_invalid'
			});
		}
		expect(await visitorRetentionMonths()).toBe(12);
	});
});
