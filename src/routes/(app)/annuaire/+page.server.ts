import { requireCan } from '$lib/server/auth/guards';
import * as companies from '$lib/server/progress/companies';
import * as directory from '$lib/server/directory';
import { can } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireCan(event, 'directory.view');
	const [organisations, figures] = await Promise.all([
		directory.listOrganisations(user),
		// Those who follow the network's progress also see what each organisation contributes.
		can(user, 'dashboard.view') ? companies.overview(user) : null
	]);
	return {
		organisations: organisations.map((org) => ({
			...org,
			figures: figures ? (figures.get(org.id) ?? null) : undefined
		}))
	};
};
