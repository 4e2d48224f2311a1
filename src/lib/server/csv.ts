/**
 * A cell a spreadsheet would run as a formula: =, +, - or @ first, spaces and invisible or
 * control characters before it ignored (spreadsheets skip them), or a tab or carriage return
 * first. Such a cell gets a leading quote, which keeps it text (OWASP's advice).
 */
export const FORMULA = /^[\s\p{Cc}\p{Cf}]*[=+\-@]|^[\t\r]/u;

/**
 * Rows as CSV (semicolon-separated, as French spreadsheets expect), with a BOM for Excel. A
 * cell holding a quote, the separator or a line break (\r as well as \n) is quoted (RFC 4180);
 * numbers are written as they are.
 */
export function csvTable(headers: string[], rows: (string | number | null)[][]): string {
	const cell = (v: string | number | null) => {
		if (typeof v === 'number') return String(v);
		const text = v ?? '';
		const safe = FORMULA.test(text) ? `'${text}` : text;
		return /[";\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
	};
	return '\ufeff' + [headers, ...rows].map((r) => r.map(cell).join(';')).join('\r\n') + '\r\n';
}
