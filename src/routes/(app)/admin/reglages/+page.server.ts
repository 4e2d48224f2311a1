import { requireCan } from '$lib/server/auth/guards';
import { periodSetting } from '$lib/server/check-ins';
import { attempt } from '$lib/server/errors';
import { invalid, parseForm } from '$lib/server/forms';
import {
	getNetworkName,
	instanceSettingsSchema,
	updateInstanceSettings
} from '$lib/server/settings';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireCan(event, 'settings.manage');
	return { networkName: await getNetworkName(), checkInPeriod: await periodSetting() };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireCan(event, 'settings.manage');
		const parsed = parseForm(instanceSettingsSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () => updateInstanceSettings(user, parsed.data));
		if (!result.ok) return result.failure;
		return { done: 'settings.saved' as const };
	}
};
