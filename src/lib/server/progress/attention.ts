import type { Weather } from '$lib/server/db/schema';

export interface GroupRow {
	id: string;
	slug: string;
	name: string;
	theme: string;
	color: string;
	status: 'active' | 'paused' | 'archived';
	weather: Weather | null;
	weatherPeriod: string | null;
	objectives: { achieved: number; total: number };
	actions: { done: number; open: number; overdue: number };
	meetingsHeld: number;
	/** Decisions of its register dated in the period's month. */
	decisions: number;
	nextMeeting: Date | null;
	lastActivity: Date | null;
	daysSinceActivity: number | null;
	/** Actions done in each of the 12 months ending with the period, oldest first. */
	trend: number[];
	/** Why the group needs attention, most serious first (message keys with their figures). */
	reasons: { key: 'weather' | 'overdue' | 'quiet' | 'no_check_in'; count?: number }[];
	attention: number;
	/** The score passes the threshold: shown first, and counted as needing attention. */
	needsAttention: boolean;
}

/** A group needs attention from this score: a worrying check-in, or several signs together. */
export const ATTENTION_THRESHOLD = 20;

/**
 * How much a group needs attention, and why (most serious first): off track 30, at risk 20,
 * no check-in 10, quiet for more than QUIET_DAYS (or never active) 10, 2 per overdue action up to
 * 20. The dashboard and the directors' digest both use it.
 */
export function attentionOf(group: {
	weather: Weather | null;
	overdue: number;
	/** Undefined when unknown: then quietness is not judged. */
	daysSinceActivity?: number | null;
}): { attention: number; reasons: GroupRow['reasons']; needsAttention: boolean } {
	const reasons: GroupRow['reasons'] = [];
	let attention = 0;
	if (group.weather === 'off_track') attention += 30;
	if (group.weather === 'at_risk') attention += 20;
	if (group.weather && group.weather !== 'on_track') reasons.push({ key: 'weather' });
	if (!group.weather) {
		attention += 10;
		reasons.push({ key: 'no_check_in' });
	}
	if (group.overdue > 0) {
		attention += Math.min(group.overdue, 10) * 2;
		reasons.push({ key: 'overdue', count: group.overdue });
	}
	const days = group.daysSinceActivity;
	if (days !== undefined && (days === null || days > QUIET_DAYS)) {
		attention += 10;
		reasons.push({ key: 'quiet', count: days ?? undefined });
	}
	return { attention, reasons, needsAttention: attention >= ATTENTION_THRESHOLD };
}

/** Quiet for this many days: the group needs attention. */
export const QUIET_DAYS = 30;
