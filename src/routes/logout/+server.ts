import { redirect } from '@sveltejs/kit';
import { deleteSessionCookie, invalidateSession } from '$lib/server/auth/session';
import type { RequestHandler } from './$types';

/** Ends this session. POST only: a link or an image cannot log anyone out. */
export const POST: RequestHandler = async ({ locals, cookies, url }) => {
	if (locals.session) await invalidateSession(locals.session.id);
	deleteSessionCookie(cookies, url);
	redirect(303, '/login?loggedOut=1');
};
