// The demo accounts, and what a browser does through the HTTP forms: logging in, creating a
// document.
export const SESSION_COOKIE = 'maillage_session';
export const DEMO_PASSWORD = 'route-industrie';
/** The demo group the documents are created in, and its members who may write, lead first. */
export const DEMO_GROUP = 'mutualisation';
export const DEMO_WRITERS = [
	'membre@maillage.test',
	'nicolas.haas@maillage.test',
	'sebastien.koenig@maillage.test',
	'laura.wendling@maillage.test',
	'elodie.herrmann@maillage.test',
	'romain.vogel@maillage.test'
];

/** Logs in through the login form; returns the `cookie` header value for the session. */
export async function login(origin: string, email: string, password = DEMO_PASSWORD) {
	const response = await fetch(`${origin}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ email, password })
	});
	await response.arrayBuffer();
	const session = response.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
	if (response.status !== 303 || !session) {
		throw new Error(`logging in as ${email} failed (HTTP ${response.status})`);
	}
	return session;
}

/** Logs each person in, one after the other; returns their `cookie` header values in order. */
export async function loginEach(
	origin: string,
	emails: readonly string[],
	password = DEMO_PASSWORD
) {
	const cookies: string[] = [];
	for (const email of emails) cookies.push(await login(origin, email, password));
	return cookies;
}

/**
 * Creates a document in a group through its form action; returns the document's id.
 */
export async function createDocument(
	origin: string,
	cookie: string,
	title: string,
	group = DEMO_GROUP
) {
	const response = await fetch(`${origin}/groupes/${group}/documents?/create`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin,
			cookie,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ title, tags: 'bench' })
	});
	await response.arrayBuffer();
	const location = response.headers.get('location') ?? '';
	const id = /\/documents\/([0-9a-f-]{36})$/i.exec(location)?.[1];
	if (response.status !== 303 || !id) {
		throw new Error(`creating a document failed (HTTP ${response.status}, location ${location})`);
	}
	return id;
}
