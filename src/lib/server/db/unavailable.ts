/** Network errors of a connection that could not be made or was lost. */
const NETWORK_CODES = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'EPIPE',
	'ETIMEDOUT',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'EAI_AGAIN',
	// postgres.js's own
	'CONNECT_TIMEOUT',
	'CONNECTION_CLOSED',
	'CONNECTION_DESTROYED',
	'CONNECTION_ENDED'
]);

/**
 * SQLSTATE codes of a server that cannot serve now: class 08 (connection exception), too many
 * connections, a statement cancelled for running too long (statement_timeout), and a server
 * shutting down, starting or in recovery.
 */
const UNAVAILABLE_STATES = /^(08...|53300|57014|57P01|57P02|57P03)$/;

/**
 * True when `error` (or what it wraps: Drizzle wraps the driver's error as its cause) says that
 * the database cannot be reached for now, as opposed to a query that is wrong. The first is a
 * 503 that the client may retry; the second a 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
	for (let e = error, depth = 0; e instanceof Error && depth < 5; depth++) {
		const code = (e as { code?: unknown }).code;
		if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.test(code)))
			return true;
		e = e.cause;
	}
	return false;
}
