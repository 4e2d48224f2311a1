import * as actionItems from '$lib/server/actions';
import { requireCan, requireUser } from '$lib/server/auth/guards';
import * as board from '$lib/server/actions/board';
import { actionStatuses } from '$lib/server/db/schema';
import { attempt } from '$lib/server/errors';
import { formValues, invalid, parseForm } from '$lib/server/forms';
import * as meetings from '$lib/server/meetings';
import { LISTED_PEOPLE } from '$lib/server/name-search';
import { can } from '$lib/server/policy';
import * as reminders from '$lib/server/actions/reminders';
import {
	bulkSchema,
	contributableGroups,
	createSchema,
	editableIds,
	idsSchema
} from './board.server';
import type { Actions, PageServerLoad } from './$types';
import { publicOrigin } from '$lib/server/origin';
import { listingQuery, paginate } from '$lib/server/paging';

/** Rows of the board shown at once. */
const PAGE_SIZE = 200;

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const search = listingQuery(event.url);
	const view = board.parseBoardQuery(search);
	const [summary, choices, groups, meeting] = await Promise.all([
		board.summary(user, view),
		board.filterChoices(user, view.owner),
		contributableGroups(user),
		view.meeting
			? meetings.access(user, view.meeting).then(
					(m) => ({ id: m.meeting.id, title: m.meeting.title }),
					() => null
				)
			: null
	]);
	// One page of the board at a time: thousands of rows make a page nobody reads and a browser
	// struggles with. Sections and counts are the whole view's; pages follow the order shown,
	// section after section.
	const paging = paginate('/actions', search, summary.total, PAGE_SIZE);
	const rows = await board.rows(user, view, summary, paging);
	const editable = await editableIds(user, rows);
	const others = new URLSearchParams([...search].filter(([key]) => key !== 'meeting')).toString();
	// Owners to choose from: on a large network, the people of the groups on this page (and of
	// the groups one may create in, when they are few); past a few hundred, pickers search.
	const choosable =
		editable.size || groups.length
			? await actionItems.ownerChoices(
					user,
					[
						...new Set([
							...(groups.length <= 20 ? groups.map((g) => g.id) : []),
							...rows.map((r) => r.groupId)
						])
					],
					LISTED_PEOPLE
				)
			: [];
	const ownerSearch = actionItems.searchesOwners(choosable.length);
	return {
		// The filters as written in the URL, so the form shows the view being looked at.
		params: Object.fromEntries(search),
		view: { sort: view.sort, by: view.by },
		sections: summary.sections
			.map((section) => ({
				...section,
				rows: rows
					.filter((r) => board.sectionKey(r, view.by) === section.key)
					.map((r) => ({ ...r, canEdit: editable.has(r.id) }))
			}))
			.filter((section) => section.rows.length > 0),
		total: summary.total,
		overdue: summary.overdue,
		page: paging.page,
		pages: paging.pages,
		pageHrefs: paging.pageHrefs,
		editableCount: editable.size,
		choices,
		meeting: meeting && { ...meeting, withoutFilter: others ? `/actions?${others}` : '/actions' },
		groups,
		people: ownerSearch ? [] : choosable,
		ownerSearch,
		statuses: actionStatuses,
		canRemind: can(user, 'groups.create'),
		query: search.toString()
	};
};

export const actions: Actions = {
	create: async (event) => {
		const user = requireUser(event);
		const parsed = parseForm(createSchema, await event.request.formData());
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		const { groupId, ...input } = parsed.data;
		const result = await attempt(parsed.values, () => actionItems.create(user, groupId, input));
		if (!result.ok) return result.failure;
		return { created: result.value.id };
	},
	bulk: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const values = formValues(form);
		const ids = idsSchema.safeParse(form.getAll('ids'));
		if (!ids.success) return invalid(values, { form: 'actions.bulk_none' });
		const parsed = parseForm(bulkSchema, form);
		if (!parsed.ok) return invalid(parsed.values, parsed.errors);
		if (Object.keys(parsed.data).length === 0) {
			return invalid(values, { form: 'actions.bulk_nothing' });
		}
		const result = await attempt(values, () => actionItems.bulkUpdate(user, ids.data, parsed.data));
		if (!result.ok) return result.failure;
		return { changed: result.value };
	},
	remind: async (event) => {
		const user = requireCan(event, 'groups.create');
		const form = await event.request.formData();
		// The board's button says what it is for; anything else posted here is refused.
		if (form.get('intent') !== 'remind') {
			return invalid(formValues(form), { form: 'actions.remind_empty' });
		}
		// Everyone with an action in the view the form was sent from (its filters are the URL's).
		const view = board.parseBoardQuery(
			new URLSearchParams(
				[...event.url.searchParams].filter(([key, value]) => value !== '' && !key.startsWith('/'))
			)
		);
		const ids = await board.ids(user, view);
		if (ids.length === 0) return invalid(formValues(form), { form: 'actions.remind_empty' });
		const outcome = await reminders.sendNow(user, ids, await publicOrigin(), event.locals.locale, {
			confirmed: form.get('confirm') === '1'
		});
		if ('recent' in outcome) {
			return { remindAgain: { people: outcome.recent.people, lastAt: outcome.recent.lastAt } };
		}
		return { reminded: outcome.sent };
	}
};
