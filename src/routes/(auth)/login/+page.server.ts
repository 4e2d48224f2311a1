import { redirect } from '@sveltejs/kit';
import * as accounts from '$lib/server/accounts';
import { safeRedirectTarget } from '$lib/server/auth/guards';
import { startSession } from '$lib/server/auth/session';
import { attempt } from '$lib/server/errors';
import { invalid, parseForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirect(303, safeRedirectTarget(url.searchParams.get('redirectTo')));
	return { loggedOut: url.searchParams.has('loggedOut') };
};

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const parsed = parseForm(accounts.loginSchema, await request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const { email, password } = parsed.data;
		const result = await attempt(parsed.values, () =>
			accounts.authenticate(email, password, getClientAddress())
		);
		if (!result.ok) return result.failure;
		await startSession(cookies, url, result.value.id);
		redirect(303, safeRedirectTarget(url.searchParams.get('redirectTo')));
	}
};
