import { isHttpError, isRedirect, type RequestEvent } from '@sveltejs/kit';
import { describe, expect, it, vi } from 'vitest';
import { SESSION_COOKIE } from '$lib/server/auth/session';
import * as documents from '$lib/server/documents';
import { actions as login, load as loginPage } from '../../src/routes/(auth)/login/+page.server';
import { POST as switchLanguage } from '../../src/routes/langue/+server';
import { rawSocket, startCollab } from '../helpers/collab';
import { createTestDb } from '../helpers/db';
import { fakeEvent, run } from '../helpers/events';
import { buildGroup, buildUser, TEST_PASSWORD } from '../helpers/factories';

await createTestDb();

/** Where a redirect thrown by `outcome` leads, checking it is a valid Location header. */
function locationOf(thrown: unknown): string {
	if (!isRedirect(thrown)) throw new Error(`not a redirect: ${String(thrown)}`);
	expect(() => new Headers({ location: thrown.location })).not.toThrow();
	return thrown.location;
}

describe('a redirect target that is not a clean path', () => {
	const targets = ['/%E3%80%80/x', '/groupes%0D%0ASet-Cookie:%20a=b', '/%0A/evil.example'];

	it.each(targets)('logs in and lands on a valid address for redirectTo=%s', async (target) => {
		const person = await buildUser();
		const { thrown } = await run(login.default, {
			path: `/login?redirectTo=${target}`,
			form: { email: person.email, password: TEST_PASSWORD }
		});
		const location = locationOf(thrown);
		expect(location.startsWith('/')).toBe(true);
		expect(location.startsWith('//')).toBe(false);
	});

	it.each(targets)(
		'sends a logged-in visitor of /login?redirectTo=%s somewhere valid',
		async (target) => {
			const person = await buildUser();
			const { thrown } = await run(loginPage, {
				path: `/login?redirectTo=${target}`,
				user: person
			});
			locationOf(thrown);
		}
	);
});

describe('POST /langue', () => {
	it('answers 400 to a body that is not a form, changing nothing', async () => {
		const { event, cookies } = fakeEvent<RequestEvent>({ path: '/langue' });
		const bare = new Request('http://localhost/langue', { method: 'POST', body: 'locale=en' });
		bare.headers.delete('content-type');
		let thrown: unknown;
		try {
			await switchLanguage({ ...event, request: bare } as Parameters<typeof switchLanguage>[0]);
		} catch (e) {
			thrown = e;
		}
		expect(isHttpError(thrown) && thrown.status).toBe(400);
		expect(cookies.getAll()).toEqual([]);
	});

	it('switches and goes back to a cleaned path', async () => {
		const { thrown, cookies } = await run(switchLanguage as never, {
			path: '/langue',
			form: { locale: 'en', redirectTo: '/\u3000/x' }
		});
		expect(locationOf(thrown)).toBe('/%E3%80%80/x');
		expect(cookies.get('maillage_locale') ?? [...cookies.jar.values()][0]?.value).toBe('en');
	});
});

describe('a socket upgrade with a malformed session cookie', () => {
	it('is refused as not logged in (401), without an error in the log', async () => {
		const owner = await buildUser();
		const group = await buildGroup({}, [{ user: owner, role: 'lead' }]);
		const { id } = await documents.create(owner, group.id, { title: 'Notes', tags: [] });
		const running = await startCollab();
		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
		try {
			const outcome = await rawSocket(`${running.wsUrl}/${id}`, {
				origin: running.url,
				cookie: `${SESSION_COOKIE}=%`
			});
			expect(outcome).toMatchObject({ opened: false, status: 401 });
			expect(logged).not.toHaveBeenCalled();
		} finally {
			logged.mockRestore();
			await running.stop();
		}
	});
});
