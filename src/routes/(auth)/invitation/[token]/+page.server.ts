import { redirect } from '@sveltejs/kit';
import { startSession } from '$lib/server/auth/session';
import { attempt } from '$lib/server/errors';
import { invalid, parseForm } from '$lib/server/forms';
import * as invitations from '$lib/server/invitations';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	const found = await invitations.findByToken(params.token);
	if (!found) return { status: 'invalid' as const };
	const { invitation, organisation, status, inviter } = found;
	return {
		status,
		email: invitation.email,
		role: invitation.role,
		organisation,
		inviter: inviter ?? ''
	};
};

export const actions: Actions = {
	default: async ({ request, params, cookies, url }) => {
		const parsed = parseForm(invitations.acceptSchema, await request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const result = await attempt(parsed.values, () =>
			invitations.accept(params.token, parsed.data)
		);
		if (!result.ok) return result.failure;
		await startSession(cookies, url, result.value);
		redirect(303, '/');
	}
};
