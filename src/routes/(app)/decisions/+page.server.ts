import { requireUser } from '$lib/server/auth/guards';
import * as decisions from '$lib/server/decisions';
import { listVisible } from '$lib/server/groups';
import * as themes from '$lib/server/themes';
import { isIsoDate } from '$lib/dates';
import { isUuid } from '$lib/uuid';
import type { PageServerLoad } from './$types';

const STATUSES = ['in_force', 'revised', 'revoked'] as const;

/**
 * The network's register: every decision of the groups the person may read, filtered by group,
 * theme, dates and status from the address (a filter it does not understand is left out).
 */
export const load: PageServerLoad = async (event) => {
	event.depends('app:decisions');
	const user = requireUser(event);
	const params = event.url.searchParams;
	const [visible, themeNames] = await Promise.all([listVisible(user), themes.names()]);
	const groups = visible.filter((g) => g.canView).map((g) => g.group);
	const group = params.get('groupe') ?? '';
	const theme = params.get('theme') ?? '';
	const from = params.get('du') ?? '';
	const to = params.get('au') ?? '';
	const status = params.get('etat') ?? '';
	const filters = {
		groupId: isUuid(group) && groups.some((g) => g.id === group) ? group : null,
		theme: themeNames.has(theme) ? theme : null,
		from: isIsoDate(from) ? from : null,
		to: isIsoDate(to) ? to : null,
		status: (STATUSES as readonly string[]).includes(status)
			? (status as (typeof STATUSES)[number])
			: null
	};
	const usedThemes = [...new Set(groups.map((g) => g.theme))];
	return {
		register: await decisions.register(user, filters),
		filters: {
			group: filters.groupId ?? '',
			theme: filters.theme ?? '',
			from: filters.from ?? '',
			to: filters.to ?? '',
			status: filters.status ?? ''
		},
		filtered: Object.values(filters).some((v) => v !== null),
		groups: groups.map((g) => ({ id: g.id, name: g.name })),
		themes: usedThemes.map((key) => ({ key, name: themes.nameOf(themeNames, key) })),
		statuses: STATUSES
	};
};
