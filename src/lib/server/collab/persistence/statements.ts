import { currentDatabase, type RawClient } from '$lib/server/db';

/** One stored update of a document. */
export interface UpdateRow {
	documentId: string;
	data: Uint8Array;
	userId: string | null;
}

// PostgreSQL's type numbers for the arrays postgres.js is told to send.
const UUID = 2950;
const BYTEA_ARRAY = 1001;

const APPEND =
	'insert into document_updates (document_id, data, user_id) ' +
	'select * from unnest($1::uuid[], $2::bytea[], $3::uuid[])';

const TOUCH =
	'update documents set last_edited_at = now(), ' +
	'last_editor_id = coalesce(touched.editor, documents.last_editor_id) ' +
	'from unnest($1::uuid[], $2::uuid[]) as touched(id, editor) where documents.id = touched.id';

/** Runs one of the statements above; `arrays` are its parameters, each an array of `types`. */
async function run(text: string, arrays: unknown[][], types: number[]): Promise<void> {
	const open = currentDatabase();
	if (!open) throw new Error('No database is open.');
	const client: RawClient = open.raw;
	if (client.driver === 'pglite') {
		await client.query(text, arrays);
		return;
	}
	const { sql } = client;
	const params = arrays.map((values, i) => sql.array(values as never[], types[i]));
	await sql.unsafe(text, params, { prepare: true });
}

/**
 * Appends a group commit's updates in one statement whose text never changes, whatever the
 * number of rows: the rows travel as three arrays. postgres.js prepares it once per connection;
 * nothing builds it again at each commit.
 */
export function appendUpdates(rows: UpdateRow[]): Promise<void> {
	return run(
		APPEND,
		[
			rows.map((r) => r.documentId),
			rows.map((r) => (Buffer.isBuffer(r.data) ? r.data : Buffer.from(r.data))),
			rows.map((r) => r.userId)
		],
		[UUID, BYTEA_ARRAY, UUID]
	);
}

/**
 * Records when each document was last edited, and by whom (null: an edit without a person, which
 * keeps the last editor known).
 */
export function touchDocuments(editors: Map<string, string | null>): Promise<void> {
	return run(TOUCH, [[...editors.keys()], [...editors.values()]], [UUID, UUID]);
}
