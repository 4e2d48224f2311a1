import type { BoardRow } from './board-view';

/**
 * A cell a spreadsheet would run as a formula: =, +, - or @ first, spaces and invisible or
 * control characters before it ignored (spreadsheets skip them), or a tab or carriage return
 * first. Such a cell gets a leading quote, which keeps it text (OWASP's advice).
 */
export const FORMULA = /^[\s\p{Cc}\p{Cf}]*[=+\-@]|^[\t\r]/u;

/**
 * The rows as CSV (semicolon-separated, as French spreadsheets expect), with a BOM for Excel.
 * A cell holding a quote, the separator or a line break (\r as well as \n) is quoted (RFC 4180).
 */
export function toCsv(
	rows: BoardRow[],
	headers: string[],
	statusLabel: (s: string) => string
): string {
	const cell = (v: string | null) => {
		const text = v ?? '';
		const safe = FORMULA.test(text) ? `'${text}` : text;
		return /[";\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
	};
	const lines = [headers.map(cell).join(';')];
	for (const r of rows) {
		lines.push(
			[
				r.title,
				statusLabel(r.status),
				r.dueDate,
				r.groupName,
				r.ownerName,
				r.organisationName,
				r.meetingTitle
			]
				.map(cell)
				.join(';')
		);
	}
	return '\ufeff' + lines.join('\r\n') + '\r\n';
}
