import { getBranding } from '$lib/server/branding';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => {
	const user = locals.user;
	const { networkName, colour, logo } = await getBranding();
	return {
		locale: locals.locale,
		networkName,
		/** Shown on the login page too: neither is a secret (see docs/administration.md). */
		brand: { colour, logo },
		user: user
			? { id: user.id, name: user.name, email: user.email, role: user.role, locale: user.locale }
			: null
	};
};
