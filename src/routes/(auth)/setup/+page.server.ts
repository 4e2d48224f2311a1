import { redirect } from '@sveltejs/kit';
import { organisationKinds } from '$lib/server/db/schema';
import * as accounts from '$lib/server/accounts';
import { startSession } from '$lib/server/auth/session';
import { attempt } from '$lib/server/errors';
import { invalid, parseForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

// handleSetup already sends visitors away from here once an account exists; the action checks
// again inside its transaction, so two people racing to set up cannot both become admin.
// The public address is proposed from where the setup is done, and the person confirms it.
export const load: PageServerLoad = async ({ url }) => ({
	kinds: organisationKinds,
	origin: url.origin
});

export const actions: Actions = {
	default: async ({ request, cookies, url }) => {
		const parsed = parseForm(accounts.setupSchema, await request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () => accounts.setup(parsed.data));
		if (!result.ok) return result.failure;
		await startSession(cookies, url, result.value.id);
		redirect(303, '/');
	}
};
