import { getNetworkName } from '$lib/server/settings';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => {
	const user = locals.user;
	return {
		locale: locals.locale,
		networkName: await getNetworkName(),
		user: user
			? { id: user.id, name: user.name, email: user.email, role: user.role, locale: user.locale }
			: null
	};
};
