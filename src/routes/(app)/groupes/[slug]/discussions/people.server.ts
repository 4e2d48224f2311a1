import type { MentionPerson } from '$lib/editor/mention-suggestion';
import { readers } from '$lib/server/groups';
import { db } from '$lib/server/db';
import { organisations } from '$lib/server/db/schema';

/**
 * Who a message in the group can @mention: the people who may read it, its members first. A
 * mention of anyone else would reach no one (and would tell them about a closed group).
 */
export async function mentionable(groupId: string): Promise<MentionPerson[]> {
	const [people, orgs] = await Promise.all([
		readers(groupId),
		db.select({ id: organisations.id, name: organisations.name }).from(organisations)
	]);
	const orgNames = new Map(orgs.map((o) => [o.id, o.name]));
	return people.map((p) => ({
		id: p.id,
		label: p.name,
		detail: orgNames.get(p.organisationId) ?? '',
		member: p.membership !== null
	}));
}
