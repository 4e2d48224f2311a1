import { csvTable } from '../csv';
import type { BoardRow } from './board-view';

export { FORMULA } from '../csv';

/** The board's rows as CSV, in the columns of its export. */
export function toCsv(
	rows: BoardRow[],
	headers: string[],
	statusLabel: (s: string) => string
): string {
	return csvTable(
		headers,
		rows.map((r) => [
			r.title,
			statusLabel(r.status),
			r.dueDate,
			r.groupName,
			r.ownerName,
			r.organisationName,
			r.meetingTitle
		])
	);
}
