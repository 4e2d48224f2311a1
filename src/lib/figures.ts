/** Participation figures shared by the company pages and the monthly report. */
import { numberFormat } from '$lib/i18n';

/** Attendance recorded at held meetings: people present, excused, absent. */
export interface Attendance {
	present: number;
	excused: number;
	absent: number;
}

/** Actions given to someone: all but the cancelled ones, done, still open, open and overdue. */
export interface ActionFigures {
	owned: number;
	done: number;
	open: number;
	overdue: number;
}

export const noAttendance = (): Attendance => ({ present: 0, excused: 0, absent: 0 });
export const noActions = (): ActionFigures => ({ owned: 0, done: 0, open: 0, overdue: 0 });

/**
 * The share of people present among those whose attendance was recorded; an excused absence is
 * still an absence. Null when nothing was recorded (no rate rather than 0 %).
 */
export function attendanceRate(a: Attendance): number | null {
	const recorded = a.present + a.excused + a.absent;
	return recorded === 0 ? null : a.present / recorded;
}

export function addAttendance(total: Attendance, more: Attendance): Attendance {
	return {
		present: total.present + more.present,
		excused: total.excused + more.excused,
		absent: total.absent + more.absent
	};
}

/** "78 %", "78%": a rate in the reader's words, or a dash when there is none. */
export function formatRate(locale: string, rate: number | null): string {
	if (rate === null) return '—';
	return numberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(rate);
}
