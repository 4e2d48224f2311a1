import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';

/**
 * A name in French alphabetical order, for `orderBy`: "Élodie" among the E, "Œdipe" among the O,
 * case aside. The databases' own collation orders by code point ("C" in PGlite, "C.UTF-8" in our
 * PostgreSQL), which puts every accented capital after "Z". ICU's root collation exists in both
 * (PGlite ships ICU; PostgreSQL needs to be built with it, as Debian's and the official images
 * are); French order in ICU is the root order, and "fr-x-icu" is missing from PGlite. Lists that
 * page (limit, offset) must be sorted here rather than in JavaScript, or a page would hold the
 * wrong names.
 */
export function frenchOrder(column: SQLWrapper): SQL {
	return sql`${column} collate "und-x-icu"`;
}
