import { describe, expect, it } from 'vitest';
import { attendanceRate, formatRate } from '$lib/figures';

describe('attendance rates', () => {
	it('counts excused absences as absences, and has no rate without a record', () => {
		expect(attendanceRate({ present: 3, excused: 1, absent: 0 })).toBe(0.75);
		expect(attendanceRate({ present: 0, excused: 0, absent: 0 })).toBeNull();
		expect(formatRate('en', 2 / 3)).toBe('67%');
		// The space before % is no-break, narrow or not depending on the ICU data.
		expect(formatRate('fr', 0.75)).toMatch(/^75\s%$/);
		expect(formatRate('fr', null)).toBe('—');
	});
});
