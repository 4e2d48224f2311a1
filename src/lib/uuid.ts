/**
 * What PostgreSQL's `uuid` type accepts in the form the app writes it: eight, four, four, four
 * and twelve hex digits. Anything else sent to the database as an id would fail the query
 * (a 500) instead of finding nothing, so every id that comes from outside is checked with this
 * first: route parameters through the `uuid` matcher, form fields and query strings here.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
	return typeof value === 'string' && UUID.test(value);
}
