import { requireCan } from '$lib/server/auth/guards';
import { publicOrigin } from '$lib/server/origin';
import * as outbox from '$lib/server/outbox';
import { listingQuery, paginate } from '$lib/server/paging';
import { invitationLink, linkParts } from './links';
import type { PageServerLoad } from './$types';

/** Messages shown at once. */
const PAGE_SIZE = 20;

export const load: PageServerLoad = async (event) => {
	const user = requireCan(event, 'outbox.read');
	const search = listingQuery(event.url);
	const filter = outbox.parseFilter(search);
	const [total, kinds, origin] = await Promise.all([
		outbox.countMatching(user, filter),
		outbox.kinds(user),
		publicOrigin()
	]);
	const paging = paginate('/admin/courriels', search, total, PAGE_SIZE);
	const messages = await outbox.list(user, filter, {
		offset: paging.offset,
		limit: paging.limit
	});
	return {
		messages: messages.map((m) => {
			const parts = linkParts(m.text, origin);
			return {
				id: m.id,
				to: m.to,
				subject: m.subject,
				kind: m.kind,
				createdAt: m.createdAt,
				sentAt: m.sentAt,
				error: m.error,
				attachments: m.attachments,
				parts,
				invitationLink: m.kind === 'invitation' ? invitationLink(parts, origin) : undefined
			};
		}),
		total,
		page: paging.page,
		pages: paging.pages,
		pageHrefs: paging.pageHrefs,
		filter,
		kinds,
		statuses: outbox.outboxStatuses
	};
};
