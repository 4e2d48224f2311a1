import { translate, type Locale, type MessageKey, type Params } from '$lib/i18n';
import { periodLabel } from '$lib/periods';
import type { Weather } from '$lib/server/db/schema';
import type { Period } from './periods';

export interface DueItem {
	id: string;
	title: string;
	group: string;
	dueDate: string;
}
export interface AssignedItem extends Omit<DueItem, 'dueDate'> {
	dueDate: string | null;
	by: string | null;
}
export interface MinutesItem {
	meetingId: string;
	title: string;
	group: string;
	groupSlug: string;
}
export interface ThreadItem {
	threadId: string;
	thread: string;
	group: string;
	groupSlug: string;
}
export interface MentionItem extends ThreadItem {
	messageId: string;
	author: string | null;
}
export interface ReplyItem extends ThreadItem {
	count: number;
}
export interface QuestionItem extends ThreadItem {
	author: string | null;
	/** The day it was asked (Paris), YYYY-MM-DD. */
	askedOn: string;
}
export interface GroupRef {
	group: string;
	groupSlug: string;
}
export interface AtRiskGroup extends GroupRef {
	/** The weather of its latest check-in when that is not on track. */
	weather: Exclude<Weather, 'on_track'> | null;
	period: string | null;
	overdue: number;
}
export interface CheckInChange extends GroupRef {
	weather: Weather;
	period: string;
}

/** What a lead hears about the groups they lead. */
export interface LeadPart {
	checkInPeriod: string;
	checkInsDue: GroupRef[];
	openQuestions: QuestionItem[];
}

/** A decision recorded in a group's register. */
export interface DecisionItem extends GroupRef {
	id: string;
	title: string;
}

/** What a director (or anyone who reads the dashboard) hears about the network. */
export interface NetworkPart {
	atRisk: AtRiskGroup[];
	checkIns: CheckInChange[];
	actionsDone: number;
	meetingsHeld: number;
	/** The decisions the groups recorded during the period, oldest first. */
	decisions: DecisionItem[];
}

/** One person's digest: each part is there only if it belongs in this digest for them. */
export interface DigestContent {
	network?: NetworkPart;
	lead?: LeadPart;
	due?: { items: DueItem[]; horizonDays: number };
	assigned?: AssignedItem[];
	mentions?: MentionItem[];
	replies?: ReplyItem[];
	minutes?: MinutesItem[];
}

/** A digest is sent only when it has something to say. */
export function isEmpty(c: DigestContent): boolean {
	const network =
		c.network &&
		(c.network.atRisk.length ||
			c.network.checkIns.length ||
			c.network.actionsDone ||
			c.network.meetingsHeld ||
			c.network.decisions.length);
	const lead = c.lead && (c.lead.checkInsDue.length || c.lead.openQuestions.length);
	const lists = [c.due?.items, c.assigned, c.mentions, c.replies, c.minutes];
	return !network && !lead && lists.every((l) => !l?.length);
}

/** A calendar day in words, with its year only when it is not the year of `today`. */
function dayIn(locale: Locale, day: string, today: string): string {
	return new Intl.DateTimeFormat(locale, {
		day: 'numeric',
		month: 'long',
		...(day.slice(0, 4) !== today.slice(0, 4) && { year: 'numeric' }),
		timeZone: 'UTC'
	}).format(new Date(`${day}T12:00:00Z`));
}

/**
 * The digest as a plain-text e-mail in the reader's language. It opens with what their role asks
 * of them (the network for a director, their groups for a lead), then their own work.
 */
export function render(
	locale: Locale,
	name: string,
	period: Period,
	c: DigestContent,
	origin: string
): { subject: string; text: string } {
	const t = (key: MessageKey, params?: Params) => translate(locale, key, params);
	const day = (d: string) => dayIn(locale, d, period.today);
	const since = t(`digest.since.${period.cadence}`);
	const sections: string[] = [];
	const section = (title: string, lines: string[]) => {
		if (lines.length) sections.push([title, ...lines].join('\n'));
	};
	const link = (path: string) => `  ${origin}${path}`;
	const thread = (i: ThreadItem, anchor = '') =>
		link(`/groupes/${i.groupSlug}/discussions/${i.threadId}${anchor}`);

	if (c.network) {
		const n = c.network;
		section(
			t('digest.at_risk'),
			n.atRisk.flatMap((g) => {
				const reasons = [
					...(g.weather
						? [
								t('digest.at_risk.weather', {
									period: periodLabel(locale, g.period!),
									weather: t(`digest.weather.${g.weather}`)
								})
							]
						: []),
					...(g.overdue ? [t('digest.at_risk.overdue', { count: g.overdue })] : [])
				];
				return [`• ${g.group} — ${reasons.join(', ')}`, link(`/groupes/${g.groupSlug}`)];
			})
		);
		if (n.atRisk.length === 0) sections.push(t('digest.at_risk_none'));
		const checkIns = n.checkIns
			.map((ci) => `${ci.group} (${t(`digest.weather.${ci.weather}`)})`)
			.join(', ');
		section(t('digest.changes', { since }), [
			...(checkIns ? [`• ${t('digest.changes.check_ins', { list: checkIns })}`] : []),
			...(n.actionsDone ? [`• ${t('digest.changes.actions_done', { count: n.actionsDone })}`] : []),
			...(n.meetingsHeld
				? [`• ${t('digest.changes.meetings_held', { count: n.meetingsHeld })}`]
				: [])
		]);
		section(
			t('digest.decisions', { since }),
			n.decisions.flatMap((d) => [
				`• ${d.title} — ${d.group}`,
				link(`/groupes/${d.groupSlug}/decisions/${d.id}`)
			])
		);
		sections.push(t('digest.dashboard', { link: `${origin}/tableau-de-bord` }));
	}
	if (c.lead) {
		section(
			t('digest.check_ins_due', { period: periodLabel(locale, c.lead.checkInPeriod) }),
			c.lead.checkInsDue.flatMap((g) => [`• ${g.group}`, link(`/groupes/${g.groupSlug}`)])
		);
		section(
			t('digest.open_questions'),
			c.lead.openQuestions.flatMap((q) => [
				`• ${t('digest.question', { thread: q.thread, group: q.group, author: q.author ?? '?', date: day(q.askedOn) })}`,
				thread(q)
			])
		);
	}
	if (c.due?.items.length) {
		section(t('digest.due', { days: c.due.horizonDays }), [
			...c.due.items.map((a) => {
				const when =
					a.dueDate < period.today
						? t('digest.overdue_since', { date: day(a.dueDate) })
						: t('digest.due_on', { date: day(a.dueDate) });
				return `• ${a.title} — ${a.group} — ${when}`;
			}),
			link('/actions?owner=me')
		]);
	}
	section(
		t('digest.assigned'),
		(c.assigned ?? []).flatMap((a) => [
			[
				`• ${a.title} — ${a.group}`,
				a.by ? ` — ${t('digest.assigned_by', { name: a.by })}` : '',
				a.dueDate ? ` — ${t('digest.due_on', { date: day(a.dueDate) })}` : ''
			].join(''),
			link(`/actions/${a.id}`)
		])
	);
	section(
		t('digest.mentions'),
		(c.mentions ?? []).flatMap((m) => [
			`• ${t('digest.mention', { author: m.author ?? '?', thread: m.thread, group: m.group })}`,
			thread(m, `#message-${m.messageId}`)
		])
	);
	section(
		t('digest.replies'),
		(c.replies ?? []).flatMap((r) => [
			`• ${t('digest.reply', { thread: r.thread, group: r.group, count: r.count })}`,
			thread(r)
		])
	);
	section(
		t('digest.minutes'),
		(c.minutes ?? []).flatMap((m) => [
			`• ${m.title} — ${m.group}`,
			link(`/groupes/${m.groupSlug}/reunions/${m.meetingId}`)
		])
	);

	const role = c.network ? 'network' : c.lead ? 'lead' : 'member';
	const first = period.cadence === 'daily' ? period.today : period.firstDay;
	const when = t(`digest.period.${period.cadence}`, { date: day(first) });
	return {
		subject: t(`mail.digest.subject.${role}`, { period: when }),
		text: [
			t('mail.digest.hello', { name }),
			t(`digest.intro.${role}`, { since }),
			...sections,
			`—\n${t('mail.prefs_footer', { link: `${origin}/profil#notifications` })}`
		].join('\n\n')
	};
}
