// Mends postgres.js 3.4.9 until a release does (porsager/postgres#1154, #1208; fixes proposed in
// #1168, #1176, #1209, none released by 3.4.9, the latest). The production build bundles
// postgres.js mended (vite.config.ts); `load` does the same as a module hook for code that loads
// it from node_modules (the test that proves the mend). A module hook in the server itself would
// send every import() of every request through Node's hooks thread: about a seventh of what the
// server can serve.
//
// When the database closes a connection in the middle of a transaction (PostgreSQL restarting, a
// proxy or a network blip ending it), postgres.js rolls back on that connection after it has
// dropped its socket: the write scheduled for the next tick dereferences the null socket and
// throws from a setImmediate, which no caller can catch, and the whole server dies. When the
// timer was still pending instead, the connection keeps a stale timer and buffer and never sends
// a byte again (every later query on it waits out the connect timeout). The fault drills hit the
// crash within seconds of cutting the database during typing.
//
// The mend: a write that finds the socket gone rejects its queries with CONNECTION_CLOSED, as
// the rest of the driver does, and a closed connection forgets its pending write. If the source
// no longer has the expected shape (another version), it is left as it is, with a warning.

/** The module of postgres.js that the mend changes. */
export const CONNECTION = /\/node_modules\/postgres\/src\/connection\.js$/;

const PATCHES = [
	[
		'  function nextWrite(fn) {\n',
		'  function nextWrite(fn) {\n' +
			'    if (!socket) {\n' +
			'      chunk = nextWriteTimer = null\n' +
			"      error(Errors.connection('CONNECTION_CLOSED', options))\n" +
			'      return false\n' +
			'    }\n'
	],
	[
		'    incomings = null\n    clearImmediate(nextWriteTimer)\n',
		'    incomings = null\n    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n'
	]
];

/**
 * postgres.js's connection.js, mended; null when the source no longer has the expected shape
 * (another version), which is then left as it is, with a warning.
 * @param {string} source
 */
export function mend(source) {
	let mended = source;
	for (const [from, to] of PATCHES) {
		if (mended.split(from).length !== 2) {
			console.warn(`[db] postgres.js is not the version postgres-guard.js mends; left as it is`);
			return null;
		}
		mended = mended.replace(from, to);
	}
	return mended;
}

/**
 * The module hook (tests and scripts that load postgres.js outside the build).
 * @type {import('node:module').LoadHook}
 */
export async function load(url, context, nextLoad) {
	const result = await nextLoad(url, context);
	if (!CONNECTION.test(url) || result.source == null) return result;
	const mended = mend(String(result.source));
	return mended === null ? result : { ...result, source: mended };
}
