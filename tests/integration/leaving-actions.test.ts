import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as actionItems from '$lib/server/actions';
import { db } from '$lib/server/db';
import { actionEvents } from '$lib/server/db/schema';
import * as memberships from '$lib/server/memberships';
import { createTestDb } from '../helpers/db';
import { refusal } from '../helpers/errors';
import { buildGroup, buildUser } from '../helpers/factories';
import { mailsTo } from '../helpers/mail';

await createTestDb();

const input = (title: string, ownerId: string, status = 'open') =>
	actionItems.actionSchema.parse({ title, ownerId, dueDate: '', status });

describe('someone who leaves a closed group, or is removed from it', () => {
	it.each(['removed', 'left'] as const)(
		'(%s) no longer owns, opens or edits its open actions; the leads are asked to reassign them',
		async (how) => {
			const lead = await buildUser({ name: 'Léa Pilote' });
			const coLead = await buildUser();
			const member = await buildUser({ name: 'Marc Partant' });
			const coordinator = await buildUser({ role: 'coordinator' });
			const group = await buildGroup({ joinPolicy: 'closed' }, [
				{ user: lead, role: 'lead' },
				{ user: coLead, role: 'lead' },
				{ user: member, role: 'member' }
			]);
			const open = await actionItems.create(lead, group.id, input('Réserver le car', member.id));
			const done = await actionItems.create(
				lead,
				group.id,
				input('Envoyer le planning', member.id, 'done')
			);

			if (how === 'removed') await memberships.remove(coordinator, group.id, member.id);
			else await memberships.leave(member, group.id);

			expect((await refusal(actionItems.access(member, open.id))).kind).toBe('not_found');
			expect((await refusal(actionItems.update(member, open.id, { status: 'done' }))).kind).toBe(
				'not_found'
			);
			const reopened = await actionItems.access(lead, open.id);
			expect(reopened.action.ownerId).toBeNull();
			// The closed one keeps its owner: it is the record of who did it.
			expect((await actionItems.access(lead, done.id)).action.ownerId).toBe(member.id);
			const history = await db
				.select()
				.from(actionEvents)
				.where(eq(actionEvents.actionId, open.id))
				.orderBy(asc(actionEvents.createdAt));
			expect(history.at(-1)).toMatchObject({
				kind: 'updated',
				changes: { ownerId: [member.id, null] }
			});
			for (const leader of [lead, coLead]) {
				const [mail] = await mailsTo(leader.email, 'reassignment');
				expect(mail.subject).toContain('Marc Partant');
				expect(mail.text).toContain('Réserver le car');
				expect(mail.text).not.toContain('Envoyer le planning');
			}
		}
	);
});
