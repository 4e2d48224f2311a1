import type { MentionPerson } from '$lib/editor/mention-suggestion';
import type { SessionUser } from '$lib/server/auth/session';
import * as directory from '$lib/server/directory';
import * as memberships from '$lib/server/memberships';
import { can } from '$lib/server/policy';

/** Who can be @mentioned in the notes: the group's members first, then (for those who may see
 * the directory) the rest of the network, as on the document page. */
export async function mentionablePeople(
	user: SessionUser,
	groupId: string
): Promise<MentionPerson[]> {
	const members = await memberships.list(groupId);
	const memberIds = new Set(members.map((m) => m.userId));
	const others = can(user, 'directory.view')
		? (await directory.peopleForPicker()).filter((p) => !memberIds.has(p.id))
		: [];
	return [
		...members.map((m) => ({ id: m.userId, label: m.name, detail: m.organisation, member: true })),
		...others.map((p) => ({ id: p.id, label: p.name, detail: p.organisation, member: false }))
	];
}
