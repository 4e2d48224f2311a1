import { requireCan } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { groups } from '$lib/server/db/schema';
import { attempt } from '$lib/server/errors';
import {
	fileLimits,
	fileLimitsForm,
	updateFileLimits,
	usageByGroup
} from '$lib/server/files/limits';
import { invalid, parseForm } from '$lib/server/forms';
import { can } from '$lib/server/policy';
import type { Actions, PageServerLoad } from './$types';

const MB = 1024 * 1024;
const GB = 1024 * MB;

export const load: PageServerLoad = async (event) => {
	const user = requireCan(event, 'admin.view');
	const [limits, used, all] = await Promise.all([
		fileLimits(),
		usageByGroup(),
		db.select({ id: groups.id, name: groups.name, slug: groups.slug }).from(groups)
	]);
	const byGroup = all
		.map((g) => ({ ...g, used: used.get(g.id) ?? 0 }))
		.filter((g) => g.used > 0)
		.sort((a, b) => b.used - a.used || a.name.localeCompare(b.name, 'fr'));
	return {
		limits,
		form: {
			maxFileMb: Math.round(limits.maxFileBytes / MB),
			groupQuotaGb: Math.round(limits.groupQuotaBytes / GB),
			networkQuotaGb: Math.round(limits.networkQuotaBytes / GB)
		},
		networkUsed: byGroup.reduce((sum, g) => sum + g.used, 0),
		byGroup,
		canEdit: can(user, 'settings.manage')
	};
};

export const actions: Actions = {
	limits: async (event) => {
		const user = requireCan(event, 'settings.manage');
		const parsed = parseForm(fileLimitsForm, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () => updateFileLimits(user, parsed.data));
		if (!result.ok) return result.failure;
		return { saved: true };
	}
};
