import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RichDoc } from '$lib/richtext/types';
import * as actionItems from '$lib/server/actions';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { pollAnswers, polls, pollTallies, pollVoters } from '$lib/server/db/schema';
import * as decisions from '$lib/server/decisions';
import { ServiceError } from '$lib/server/errors';
import { monthly } from '$lib/server/progress/report';
import { afterAnswersSettled } from '$lib/server/jobs';
import * as preferences from '$lib/server/preferences';
import * as notifications from '$lib/server/threads/notifications';
import * as proposalPage from '../../src/routes/(app)/groupes/[slug]/propositions/[pollId=uuid]/+page.server';
import { run } from '../helpers/events';
import { createTestDb } from '../helpers/db';
import { mailsTo } from '../helpers/mail';
import { buildGroup, buildUser } from '../helpers/factories';

// Proposals: who may open, answer, close and decide; one current answer per person, its
// history kept; anonymous answers stored apart from who gave them; the database refusing an
// answer that arrives after the closing time; the outcome becoming a decision, once; decisions
// revised and revoked in a chain; the register's rights and filters.

await createTestDb();

const doc = (text: string): RichDoc => ({
	type: 'doc',
	content: [{ type: 'paragraph', content: [{ type: 'text', text }] }]
});
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000);

let lead: SessionUser;
let member: SessionUser;
let other: SessionUser;
let observer: SessionUser;
let director: SessionUser;
let outsider: SessionUser;
let coordinator: SessionUser;
let group: { id: string; slug: string };

const proposal = (overrides: Partial<decisions.ProposalInput> = {}) => ({
	title: 'Mutualiser le car du matin',
	body: doc('Un car partagé de 7 h à 8 h.'),
	closesAt: inDays(7),
	anonymous: false,
	thread: null,
	meeting: null,
	...overrides
});

async function refusal(work: Promise<unknown>) {
	try {
		await work;
	} catch (e) {
		if (e instanceof ServiceError) return e;
		throw e;
	}
	throw new Error('expected a refusal');
}

beforeAll(async () => {
	[lead, member, other, observer, director, outsider, coordinator] = await Promise.all([
		buildUser(),
		buildUser(),
		buildUser(),
		buildUser(),
		buildUser({ role: 'director' }),
		buildUser(),
		buildUser({ role: 'coordinator' })
	]);
	group = await buildGroup({ joinPolicy: 'closed' }, [
		{ user: lead, role: 'lead' },
		{ user: member, role: 'member' },
		{ user: other, role: 'member' },
		{ user: observer, role: 'observer' }
	]);
	await buildGroup({ joinPolicy: 'closed' }, [{ user: outsider, role: 'lead' }]);
});

describe('opening a proposal', () => {
	it('is for the group’s contributors, closing between an hour and 90 days away', async () => {
		const poll = await decisions.openProposal(member, group.id, proposal());
		expect(poll).toMatchObject({ kind: 'proposal', authorId: member.id, closedAt: null });
		expect((await refusal(decisions.openProposal(observer, group.id, proposal()))).kind).toBe(
			'forbidden'
		);
		expect((await refusal(decisions.openProposal(outsider, group.id, proposal()))).kind).toBe(
			'not_found'
		);
		const soon = await refusal(
			decisions.openProposal(
				member,
				group.id,
				proposal({ closesAt: new Date(Date.now() + 60_000) })
			)
		);
		expect(soon.messageKey).toBe('poll.closes_too_soon');
		const late = await refusal(
			decisions.openProposal(member, group.id, proposal({ closesAt: inDays(91) }))
		);
		expect(late.messageKey).toBe('poll.closes_too_late');
	});
});

describe('answering', () => {
	it('keeps one current answer per person, the earlier ones as their history', async () => {
		const poll = await decisions.openProposal(lead, group.id, proposal());
		await decisions.answerProposal(member, poll.id, { stance: 'disagree', reason: 'Trop tôt' });
		await decisions.answerProposal(member, poll.id, { stance: 'agree', reason: 'Convaincu' });
		await decisions.answerProposal(other, poll.id, { stance: 'block', reason: '' });
		const view = await decisions.proposalView(member, poll.id);
		expect(view.tally).toEqual({ agree: 1, abstain: 0, disagree: 0, block: 1 });
		expect(view.mine.current).toMatchObject({ stance: 'agree', reason: 'Convaincu' });
		expect(view.mine.history).toHaveLength(1);
		expect(view.mine.history[0]).toMatchObject({ stance: 'disagree', reason: 'Trop tôt' });
		expect(view.answers.map((a) => a.stance).sort()).toEqual(['agree', 'block']);
		// The lead has not answered yet: named as waiting. Observers do not take part.
		expect(view.waiting).toEqual([lead.name]);
		// Another member sees no one's history but their own; the author sees each one's.
		expect(view.answers.every((a) => a.earlier.length === 0)).toBe(true);
		const authors = await decisions.proposalView(lead, poll.id);
		const members = authors.answers.find((a) => a.name === member.name)!;
		expect(members.earlier).toEqual([
			expect.objectContaining({ stance: 'disagree', reason: 'Trop tôt' })
		]);
		expect(authors.mine.history).toEqual([]);
	});

	it('refuses observers, directors, the coordination and outsiders', async () => {
		const poll = await decisions.openProposal(lead, group.id, proposal());
		for (const who of [observer, director, coordinator]) {
			const e = await refusal(
				decisions.answerProposal(who, poll.id, { stance: 'agree', reason: '' })
			);
			expect(e.kind).toBe('forbidden');
		}
		const e = await refusal(
			decisions.answerProposal(outsider, poll.id, { stance: 'agree', reason: '' })
		);
		expect(e.kind).toBe('not_found');
		const [row] = await db
			.select({ n: sql<number>`count(*)::int` })
			.from(pollAnswers)
			.where(sql`poll_id = ${poll.id}`);
		expect(row.n).toBe(0);
	});

	it('leaves one current answer when the same person answers twice at the same moment', async () => {
		const poll = await decisions.openProposal(lead, group.id, proposal());
		await Promise.all([
			decisions.answerProposal(member, poll.id, { stance: 'agree', reason: '' }),
			decisions.answerProposal(member, poll.id, { stance: 'disagree', reason: '' }),
			decisions.answerProposal(member, poll.id, { stance: 'abstain', reason: '' })
		]);
		const current = await db
			.select()
			.from(pollAnswers)
			.where(sql`poll_id = ${poll.id} and current`);
		expect(current).toHaveLength(1);
		const all = await db
			.select()
			.from(pollAnswers)
			.where(sql`poll_id = ${poll.id}`);
		expect(all).toHaveLength(3);
	});

	it('is refused by the database once the closing time has passed, whatever the page said', async () => {
		const poll = await decisions.openProposal(lead, group.id, proposal());
		// The closing time passes a millisecond ago.
		await db
			.update(polls)
			.set({ closesAt: sql`statement_timestamp() - interval '1 millisecond'` })
			.where(sql`id = ${poll.id}`);
		const e = await refusal(
			decisions.answerProposal(member, poll.id, { stance: 'agree', reason: '' })
		);
		expect(e.messageKey).toBe('poll.closed');
		const rows = await db
			.select()
			.from(pollAnswers)
			.where(sql`poll_id = ${poll.id}`);
		expect(rows).toHaveLength(0);
	});
});

describe('anonymous proposals', () => {
	it('store who took part apart from what was answered, and take one answer per person', async () => {
		const poll = await decisions.openProposal(
			lead,
			group.id,
			proposal({ anonymous: true, title: 'Vote à bulletin secret' })
		);
		await decisions.answerProposal(member, poll.id, { stance: 'disagree', reason: 'Coût' });
		await decisions.answerProposal(other, poll.id, { stance: 'agree', reason: 'Bien' });
		const again = await refusal(
			decisions.answerProposal(member, poll.id, { stance: 'agree', reason: '' })
		);
		expect(again.messageKey).toBe('poll.already_answered_anonymous');
		// Nothing in the database ties a person to a stance.
		const answers = await db
			.select()
			.from(pollAnswers)
			.where(sql`poll_id = ${poll.id}`);
		expect(answers.map((a) => [a.userId, a.stance, a.reason, a.createdAt]).sort()).toEqual(
			[
				[null, 'agree', 'Bien', poll.createdAt],
				[null, 'disagree', 'Coût', poll.createdAt]
			].sort()
		);
		const voters = await db
			.select()
			.from(pollVoters)
			.where(sql`poll_id = ${poll.id}`);
		expect(voters.map((v) => v.userId).sort()).toEqual([member.id, other.id].sort());
		const tallies = await db
			.select()
			.from(pollTallies)
			.where(sql`poll_id = ${poll.id}`);
		expect(Object.fromEntries(tallies.map((t) => [t.key, t.count]))).toEqual({
			disagree: 1,
			agree: 1
		});
		const view = await decisions.proposalView(lead, poll.id);
		expect(view.tally).toMatchObject({ agree: 1, disagree: 1 });
		// By stance, not in the order given (Coût came first).
		expect(view.answers).toEqual([
			{ name: null, stance: 'agree', reason: 'Bien', at: null, earlier: [] },
			{ name: null, stance: 'disagree', reason: 'Coût', at: null, earlier: [] }
		]);
		expect(view.waiting).toEqual([lead.name]);
	});
});

describe('closing and deciding', () => {
	it('lets the author or a lead close early and write the outcome, once, as a decision', async () => {
		const poll = await decisions.openProposal(member, group.id, proposal({ title: 'Car partagé' }));
		await decisions.answerProposal(other, poll.id, { stance: 'agree', reason: '' });
		expect((await refusal(decisions.closeNow(other, poll.id))).kind).toBe('forbidden');
		const early = await refusal(
			decisions.writeOutcome(member, poll.id, { title: 'Adopté', body: doc('Adopté.') })
		);
		expect(early.messageKey).toBe('poll.still_open');
		await decisions.closeNow(member, poll.id);
		const late = await refusal(
			decisions.answerProposal(other, poll.id, { stance: 'block', reason: '' })
		);
		expect(late.messageKey).toBe('poll.closed');
		const decision = await decisions.writeOutcome(lead, poll.id, {
			title: 'Adopté : un car partagé',
			body: doc('Adopté à l’unanimité des réponses.')
		});
		expect(decision).toMatchObject({ pollId: poll.id, groupId: group.id });
		const twice = await refusal(
			decisions.writeOutcome(member, poll.id, { title: 'Encore', body: doc('Encore.') })
		);
		expect(twice.messageKey).toBe('poll.already_decided');
		const view = await decisions.proposalView(director, poll.id);
		expect(view.decision?.id).toBe(decision.id);
	});

	it('extends a closed proposal until its outcome is written', async () => {
		const poll = await decisions.openProposal(lead, group.id, proposal());
		await decisions.closeNow(lead, poll.id);
		await decisions.extend(lead, poll.id, inDays(3));
		await decisions.answerProposal(member, poll.id, { stance: 'agree', reason: '' });
		expect((await decisions.proposalView(lead, poll.id)).poll.open).toBe(true);
	});
});

describe('the register', () => {
	it('records, revises and revokes decisions in a chain the leads keep', async () => {
		const input = (title: string, extra: Partial<decisions.DecisionInput> = {}) => ({
			title,
			body: doc(title),
			decidedOn: '2026-03-12',
			meeting: null,
			refersTo: null,
			change: null,
			...extra
		});
		expect((await refusal(decisions.recordDecision(member, group.id, input('Non')))).kind).toBe(
			'forbidden'
		);
		const first = await decisions.recordDecision(lead, group.id, input('Horaires d’été'));
		const second = await decisions.recordDecision(
			lead,
			group.id,
			input('Horaires d’été, révisés', { refersTo: first.id, change: 'revises' })
		);
		const again = await refusal(
			decisions.recordDecision(
				coordinator,
				group.id,
				input('Une autre révision', { refersTo: first.id, change: 'revises' })
			)
		);
		expect(again.messageKey).toBe('decisions.already_revised');
		const third = await decisions.recordDecision(
			coordinator,
			group.id,
			input('Horaires d’été abandonnés', { refersTo: second.id, change: 'revokes' })
		);
		const view = await decisions.decisionView(member, second.id);
		expect(view.status).toBe('revoked');
		expect(view.chain.map((c) => c.id)).toEqual([first.id, second.id, third.id]);
		const future = await refusal(
			decisions.recordDecision(lead, group.id, input('Demain', { decidedOn: '2999-01-01' }))
		);
		expect(future.messageKey).toBe('decisions.in_the_future');

		const register = await decisions.register(director, { groupId: group.id });
		const statuses = Object.fromEntries(register.map((d) => [d.id, d.status]));
		expect(statuses[first.id]).toBe('revised');
		expect(statuses[second.id]).toBe('revoked');
		expect(statuses[third.id]).toBe('in_force');
		// The monthly report lists the month's decisions of each group's register.
		const report = await monthly(director, '2026-03', 'fr');
		const inReport = report.groups.find((g) => g.id === group.id)!;
		expect(inReport.decided.map((d) => d.id)).toEqual([first.id, second.id, third.id]);
		expect(report.totals.decided).toBeGreaterThanOrEqual(3);
		const inForce = await decisions.register(director, { groupId: group.id, status: 'in_force' });
		expect(inForce.map((d) => d.id)).toContain(third.id);
		expect(inForce.map((d) => d.id)).not.toContain(first.id);
	});

	it('shows a decision’s actions, and keeps a closed group’s decisions from outsiders', async () => {
		const decision = await decisions.recordDecision(lead, group.id, {
			title: 'Un covoiturage',
			body: doc('Un covoiturage.'),
			decidedOn: '2026-04-01',
			meeting: null,
			refersTo: null,
			change: null
		});
		await actionItems.create(
			member,
			group.id,
			{
				title: 'Appeler le transporteur',
				description: '',
				ownerId: null,
				dueDate: null,
				status: 'open'
			},
			{ decisionId: decision.id }
		);
		const view = await decisions.decisionView(member, decision.id);
		expect(view.actions.map((a) => a.title)).toEqual(['Appeler le transporteur']);
		expect((await refusal(decisions.decisionView(outsider, decision.id))).kind).toBe('not_found');
		const network = await decisions.register(outsider);
		expect(network.map((d) => d.groupId)).not.toContain(group.id);
		expect((await refusal(decisions.register(outsider, { groupId: group.id }))).kind).toBe(
			'not_found'
		);
	});
});

describe('notifications', () => {
	it('tells the group of a proposal, reminds those who have not answered once, and tells the decision', async () => {
		const [author, keen, quiet, muted] = await Promise.all([
			buildUser(),
			buildUser(),
			buildUser(),
			buildUser()
		]);
		const place = await buildGroup({ joinPolicy: 'closed' }, [
			{ user: author, role: 'lead' },
			{ user: keen, role: 'member' },
			{ user: quiet, role: 'member' },
			{ user: muted, role: 'member' }
		]);
		await preferences.save(muted, { ...preferences.DEFAULT_DELIVERY, decisions: 'off' });
		const poll = await decisions.openProposal(
			author,
			place.id,
			proposal({ title: 'Un atelier partagé', closesAt: inDays(2) }),
			'https://maillage.example'
		);
		await afterAnswersSettled();
		const opened = await mailsTo(keen.email, 'proposal');
		expect(opened).toHaveLength(1);
		expect(opened[0].text).toContain(`https://maillage.example/groupes/`);
		expect(opened[0].text).toContain(`/propositions/${poll.id}`);
		expect(await mailsTo(quiet.email, 'proposal')).toHaveLength(1);
		expect(await mailsTo(author.email, 'proposal')).toHaveLength(0);
		expect(await mailsTo(muted.email, 'proposal')).toHaveLength(0);
		// The bell: every participant but the author, whatever they chose for e-mails.
		const bell = async (user: SessionUser) =>
			(await notifications.listFor(user.id)).filter(
				(n) => n.pollId === poll.id || n.decisionId !== null
			);
		expect(await bell(muted)).toEqual([
			expect.objectContaining({ kind: 'poll', pollTitle: 'Un atelier partagé', readAt: null })
		]);
		expect(await bell(author)).toEqual([]);
		// Reading the proposal marks it read.
		await run(proposalPage.load, {
			user: muted,
			path: `/groupes/${place.slug}/propositions/${poll.id}`,
			params: { slug: place.slug, pollId: poll.id }
		});
		expect((await bell(muted))[0].readAt).not.toBeNull();

		await decisions.answerProposal(keen, poll.id, { stance: 'agree', reason: '' });
		// The day before it closes, twice (two instances, or the next hour's run): one reminder.
		const dayBefore = new Date(poll.closesAt.getTime() - 20 * 3_600_000);
		await Promise.all([
			decisions.remindClosingSoon('https://maillage.example', dayBefore),
			decisions.remindClosingSoon('https://maillage.example', dayBefore)
		]);
		expect(await mailsTo(quiet.email, 'proposal_reminder')).toHaveLength(1);
		expect(await mailsTo(author.email, 'proposal_reminder')).toHaveLength(1);
		expect(await mailsTo(keen.email, 'proposal_reminder')).toHaveLength(0);
		expect(await mailsTo(muted.email, 'proposal_reminder')).toHaveLength(0);
		expect((await bell(quiet)).map((n) => n.kind)).toEqual(['poll_reminder', 'poll']);
		expect((await bell(keen)).map((n) => n.kind)).toEqual(['poll']);

		await decisions.closeNow(author, poll.id);
		const decision = await decisions.writeOutcome(
			author,
			poll.id,
			{ title: 'Atelier partagé adopté', body: doc('Adopté.') },
			'https://maillage.example'
		);
		await afterAnswersSettled();
		const decided = await mailsTo(quiet.email, 'decision');
		expect(decided).toHaveLength(1);
		expect(decided[0].text).toContain(`/decisions/${decision.id}`);
		expect(await mailsTo(author.email, 'decision')).toHaveLength(0);
		expect((await bell(muted))[0]).toMatchObject({
			kind: 'decision',
			decisionTitle: 'Atelier partagé adopté'
		});
	});
});
