import { plain } from '$lib/text';
import { CsvError, parse } from 'csv-parse/sync';
import type { MessageKey, Params } from '$lib/i18n';

/** The most people one list may invite: a bigger list is refused whole, with this number. */
export const MAX_LINES = 200;
/** The largest file read (a list of 200 people with long names fits ten times over). */
export const MAX_FILE_BYTES = 200_000;
/** The longest pasted list, in characters, for the same reason. */
export const MAX_TEXT_LENGTH = 200_000;

/** One person of the list, as written, with the number of its line in the text. */
export interface ListLine {
	line: number;
	name: string;
	email: string;
	organisation: string;
	role: string;
	/** The line has more cells than the columns. */
	tooManyCells?: boolean;
	/** The line as written, when its quotes could not be read. */
	unreadable?: string;
}

export type ReadResult =
	{ ok: true; lines: ListLine[] } | { ok: false; error: MessageKey; params?: Params };

/**
 * A file's text: UTF-8 with or without its byte-order mark, UTF-16 with one (Excel's "Unicode
 * text"), or else Windows-1252, which Excel's French "CSV (point-virgule)" exports are written in.
 * A file with zero bytes or other control characters is not a list of people.
 */
export function decodeFile(
	bytes: Uint8Array
): { ok: true; text: string } | { ok: false; error: MessageKey; params?: Params } {
	if (bytes.length === 0) return { ok: false, error: 'invite.bulk.file_empty' };
	if (bytes.length > MAX_FILE_BYTES) {
		return {
			ok: false,
			error: 'invite.bulk.file_too_large',
			params: { max: MAX_FILE_BYTES / 1000 }
		};
	}
	let text: string;
	if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes);
	else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes);
	else if (bytes.includes(0)) return { ok: false, error: 'invite.bulk.file_binary' };
	else {
		try {
			text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
		} catch {
			text = new TextDecoder('windows-1252').decode(bytes);
		}
	}
	// Text files hold tabs and line breaks, not other control characters (images, archives,
	// spreadsheets saved as .xlsx all do, from their first bytes).
	if (/[^\P{Cc}\t\n\r]/u.test(text)) {
		return { ok: false, error: 'invite.bulk.file_binary' };
	}
	return { ok: true, text: text.replace(/^\ufeff/, '') };
}

type Column = 'name' | 'firstName' | 'lastName' | 'email' | 'organisation' | 'role';

/** A header cell as compared: lower case, without accents, spaces or punctuation. */
export function simplified(text: string): string {
	return plain(text).replace(/[^a-z0-9]/g, '');
}

/** The words a header line may use for each column, in French or English, simplified. */
const HEADERS: Record<string, Column> = Object.fromEntries(
	(
		[
			['name', ['nom', 'name', 'nomcomplet', 'fullname', 'prenomnom', 'prenometnom', 'personne']],
			['firstName', ['prenom', 'firstname', 'givenname']],
			['lastName', ['nomdefamille', 'lastname', 'surname', 'familyname']],
			[
				'email',
				[
					'email',
					'mail',
					'courriel',
					'adresseemail',
					'adressemail',
					'adressecourriel',
					'adresseelectronique',
					'emailaddress'
				]
			],
			[
				'organisation',
				['organisation', 'organization', 'entreprise', 'societe', 'structure', 'company']
			],
			['role', ['role', 'roledanslereseau', 'networkrole']]
		] as [Column, string[]][]
	).flatMap(([column, words]) => words.map((w) => [w, column]))
);

/** Without a header line, the columns are in this order. */
const DEFAULT_COLUMNS: Column[] = ['name', 'email', 'organisation', 'role'];

/**
 * The separator of the list: a tab (cells pasted from a spreadsheet), a semicolon (French
 * spreadsheets' CSV) or a comma, whichever the first line uses most.
 */
function separatorOf(text: string): string {
	const first = text.split(/\r\n|\n|\r/).find((l) => l.trim() !== '') ?? '';
	const counts = ['\t', ';', ','].map((s) => ({ s, n: first.split(s).length - 1 }));
	const best = counts.reduce((a, b) => (b.n > a.n ? b : a));
	return best.n > 0 ? best.s : ',';
}

/** The columns named by a header line, or why they cannot be used. */
function readHeader(
	cells: string[]
): { ok: true; columns: (Column | null)[] } | { ok: false; error: MessageKey; params?: Params } {
	const simple = cells.map(simplified);
	const hasFirstName = simple.some((c) => HEADERS[c] === 'firstName');
	const columns = simple.map((c) =>
		// "Prénom" beside "Nom": the latter is the family name.
		c === 'nom' && hasFirstName ? 'lastName' : (HEADERS[c] ?? null)
	);
	const unknown = cells.filter((c, i) => columns[i] === null && c.trim() !== '');
	if (unknown.length > 0) {
		return {
			ok: false,
			error: 'invite.bulk.columns_unknown',
			params: { columns: unknown.join(', ') }
		};
	}
	const named = columns.filter((c) => c !== null);
	if (new Set(named).size !== named.length)
		return { ok: false, error: 'invite.bulk.columns_twice' };
	if (!named.includes('email')) return { ok: false, error: 'invite.bulk.columns_no_email' };
	return { ok: true, columns };
}

/**
 * Reads a list of people, pasted or from a CSV file: one person a line, cells separated by
 * semicolons, commas or tabs, quoted as spreadsheets quote them. The first line is a header when
 * it names the columns (in any order, "Prénom" and "Nom" apart allowed); otherwise the columns are
 * name, e-mail, organisation, role. Blank lines are left out; a line whose quotes cannot be read
 * is kept as written (`unreadable`). A list longer than MAX_LINES, or whose columns cannot be
 * told, is refused as a whole.
 */
export function readList(raw: string): ReadResult {
	// Lists pasted in a browser come with \r\n, files with any mix: one kind of line end.
	const text = raw.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
	if (text.trim() === '') return { ok: false, error: 'invite.bulk.empty' };
	if (text.length > MAX_TEXT_LENGTH) {
		return { ok: false, error: 'invite.bulk.text_too_long', params: { max: MAX_LINES } };
	}
	// Spreadsheets export empty rows as separators alone (";;;").
	const rows = readRows(text, separatorOf(text)).filter(
		(r) => r.unreadable !== undefined || r.cells.some((c) => c !== '')
	);
	if (rows.length === 0) return { ok: false, error: 'invite.bulk.empty' };

	let columns: (Column | null)[] = DEFAULT_COLUMNS;
	const first = rows[0].cells;
	const looksLikeHeader =
		!first.some((c) => c.includes('@')) && first.some((c) => HEADERS[simplified(c)]);
	if (looksLikeHeader) {
		const header = readHeader(first);
		if (!header.ok) return header;
		columns = header.columns;
		rows.shift();
		if (rows.length === 0) return { ok: false, error: 'invite.bulk.empty' };
	} else if (
		!rows.some((r) => r.unreadable?.includes('@') || r.cells.some((c) => c.includes('@')))
	) {
		// Not a single address anywhere: these are not the expected columns.
		return { ok: false, error: 'invite.bulk.columns_no_email' };
	}
	if (rows.length > MAX_LINES) {
		return {
			ok: false,
			error: 'invite.bulk.too_many',
			params: { max: MAX_LINES, count: rows.length }
		};
	}
	return {
		ok: true,
		lines: rows.map((r) =>
			r.unreadable === undefined
				? toLine(r.cells, r.line, columns)
				: {
						line: r.line,
						name: '',
						email: '',
						organisation: '',
						role: '',
						unreadable: r.unreadable
					}
		)
	};
}

interface Row {
	cells: string[];
	line: number;
	/** The line as written, when its quotes cannot be read. */
	unreadable?: string;
}

const PARSE_OPTIONS = {
	relax_column_count: true,
	relax_quotes: true,
	skip_empty_lines: true,
	trim: true
} as const;

/**
 * The rows of the text with the line each starts on. A quote out of place stops csv-parse for
 * the whole text: then each line is read on its own, and a line that still cannot be read is
 * kept as written, for the preview to show it and say so (a cell spread over several lines is
 * then lost, but names and addresses have none).
 */
function readRows(text: string, delimiter: string): Row[] {
	try {
		const records = parse(text, { ...PARSE_OPTIONS, delimiter, info: true }) as unknown as {
			// With `info`, each record comes with where it was read; the types do not say so.
			record: string[];
			info: { lines: number };
		}[];
		return records.map(({ record, info }) => ({ cells: record, line: info.lines }));
	} catch (e) {
		if (!(e instanceof CsvError)) throw e;
	}
	return text.split('\n').flatMap((raw, i): Row[] => {
		if (raw.trim() === '') return [];
		try {
			const [cells] = parse(raw, { ...PARSE_OPTIONS, delimiter }) as string[][];
			return cells ? [{ cells, line: i + 1 }] : [];
		} catch (e) {
			if (e instanceof CsvError) return [{ cells: [], line: i + 1, unreadable: raw }];
			throw e;
		}
	});
}

function toLine(cells: string[], line: number, columns: (Column | null)[]): ListLine {
	const value = (column: Column) => {
		const i = columns.indexOf(column);
		return i >= 0 ? (cells[i] ?? '') : '';
	};
	const name =
		value('name') || [value('firstName'), value('lastName')].filter((p) => p !== '').join(' ');
	// Trailing empty cells are what spreadsheets add; anything else past the columns is a mistake.
	const used = cells.length - [...cells].reverse().findIndex((c) => c !== '');
	return {
		line,
		name,
		email: value('email'),
		organisation: value('organisation'),
		role: value('role'),
		...(used > columns.length && { tooManyCells: true })
	};
}
