import { isHttpError, isRedirect } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { requireCan, requireUser, safeRedirectTarget } from '$lib/server/auth/guards';
import type { SessionUser } from '$lib/server/auth/session';
import type { NetworkRole } from '$lib/server/db/schema';

describe('safeRedirectTarget', () => {
	it.each(['/groupes?x=1', '/', '/admin/personnes', '/recherche?q=a%2F%2Fb#top'])(
		'follows the same-site path %s',
		(target) => {
			expect(safeRedirectTarget(target)).toBe(target);
		}
	);

	it.each([
		null,
		undefined,
		'',
		'//evil.com',
		'//evil.com/groupes',
		'https://evil.com',
		'http://localhost/groupes',
		'javascript:alert(1)',
		'groupes',
		'/\\evil.com',
		'/\\/evil.com',
		// Browsers drop tabs and newlines before parsing: these are "//evil.com".
		'/\t/evil.com',
		'/\n/evil.com',
		'\t//evil.com'
	])('goes home instead of %j', (target) => {
		expect(safeRedirectTarget(target)).toBe('/');
	});

	it.each([
		['/\u3000/x', '/%E3%80%80/x'],
		['/groupes\r\nSet-Cookie: a=b', '/groupesSet-Cookie:%20a=b'],
		['/recherche?q=caf\u00e9', '/recherche?q=caf%C3%A9']
	])('returns %j as a valid Location header', (target, expected) => {
		const safe = safeRedirectTarget(target);
		expect(safe).toBe(expected);
		expect(() => new Headers({ location: safe })).not.toThrow();
	});
});

const person = (role: NetworkRole) => ({ id: 'u1', role, organisationId: 'o1' }) as SessionUser;
const event = (user: SessionUser | null, path = '/admin/personnes?page=2') => {
	const url = new URL(path, 'http://localhost');
	return { url, locals: { user, session: null, shell: null, locale: 'fr' as const } };
};

function thrownBy(fn: () => unknown): unknown {
	try {
		fn();
	} catch (e) {
		return e;
	}
	throw new Error('nothing was thrown');
}

describe('requireUser', () => {
	it('returns the logged-in person', () => {
		const user = person('member');
		expect(requireUser(event(user))).toBe(user);
	});

	it('sends an anonymous visitor to the login page, coming back here afterwards', () => {
		const e = thrownBy(() => requireUser(event(null)));
		expect(isRedirect(e)).toBe(true);
		if (!isRedirect(e)) return;
		expect(e.status).toBe(303);
		const target = new URL(e.location, 'http://localhost');
		expect(target.pathname).toBe('/login');
		expect(target.searchParams.get('redirectTo')).toBe('/admin/personnes?page=2');
	});
});

describe('requireCan', () => {
	it('returns the person when the policy allows', () => {
		const admin = person('admin');
		expect(requireCan(event(admin), 'people.manage')).toBe(admin);
	});

	it('answers 403 when the policy refuses', () => {
		const e = thrownBy(() => requireCan(event(person('coordinator')), 'people.manage'));
		expect(isHttpError(e, 403)).toBe(true);
	});

	it('redirects an anonymous visitor before looking at rights', () => {
		expect(isRedirect(thrownBy(() => requireCan(event(null), 'directory.view')))).toBe(true);
	});
});
