import { translate, type MessageKey } from '$lib/i18n';
import { requireUser } from '$lib/server/auth/guards';
import * as board from '$lib/server/actions/board';
import { todayInParis } from '$lib/server/dates';
import type { RequestHandler } from './$types';

const COLUMNS: MessageKey[] = [
	'action.title',
	'action.status',
	'action.due_date',
	'action.group',
	'action.owner',
	'action.organisation',
	'action.meeting'
];

/** The board's current view (the same query string) as a spreadsheet, in the reader's language. */
export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	const locale = event.locals.locale;
	const rows = await board.query(user, board.parseBoardQuery(event.url.searchParams));
	const csv = board.toCsv(
		rows,
		COLUMNS.map((key) => translate(locale, key)),
		(status) => translate(locale, `action.status.${status}` as MessageKey)
	);
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="actions-${todayInParis()}.csv"`,
			'cache-control': 'private, no-store'
		}
	});
};
