import { error, redirect } from '@sveltejs/kit';
import { isLocale } from '$lib/i18n';
import { setLocale } from '$lib/server/accounts';
import { safeRedirectTarget } from '$lib/server/auth/guards';
import { LOCALE_COOKIE } from '$lib/server/locale';
import type { RequestHandler } from './$types';

/** Switches the interface language: on the account when logged in, in a cookie otherwise. */
export const POST: RequestHandler = async ({ request, cookies, locals }) => {
	// A body that is not a form (no Content-Type, JSON, garbage) is the client's mistake.
	const form = await request.formData().catch(() => null);
	if (!form) error(400, { message: 'validation.choose' });
	const locale = form.get('locale');
	if (!isLocale(locale)) error(400, { message: 'validation.choose' });
	if (locals.user) await setLocale(locals.user, locale);
	cookies.set(LOCALE_COOKIE, locale, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		maxAge: 60 * 60 * 24 * 365
	});
	redirect(303, safeRedirectTarget(String(form.get('redirectTo') ?? '/')));
};
