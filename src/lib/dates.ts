/** Calendar dates (YYYY-MM-DD), read the same way in the browser and on the server. */

/** True for a calendar date written YYYY-MM-DD that exists (no 31 February). */
export function isIsoDate(value: unknown): value is string {
	if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
	const d = new Date(`${value}T00:00:00Z`);
	return !isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** "15/03/2027": a calendar date in figures, as written in French notes (and read in English). */
export function numericDay(iso: string): string {
	const [y, m, d] = iso.split('-');
	return `${d}/${m}/${y}`;
}
