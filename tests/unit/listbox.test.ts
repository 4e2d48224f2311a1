import { describe, expect, it } from 'vitest';
import { keepActive, listboxKey, optionId } from '$lib/components/combobox/listbox';

const open = (active: number, count = 3) => ({ open: true, active, count });

describe('listboxKey', () => {
	it('opens a closed list on an arrow without moving', () => {
		expect(listboxKey('ArrowDown', { open: false, active: -1, count: 3 })).toEqual({
			open: true,
			active: -1,
			choose: null,
			handled: true
		});
		expect(listboxKey('ArrowUp', { open: false, active: -1, count: 3 }).active).toBe(-1);
	});

	it('moves down from none to the first, and wraps past the last', () => {
		expect(listboxKey('ArrowDown', open(-1)).active).toBe(0);
		expect(listboxKey('ArrowDown', open(1)).active).toBe(2);
		expect(listboxKey('ArrowDown', open(2)).active).toBe(0);
	});

	it('moves up from none to the last, and wraps past the first', () => {
		expect(listboxKey('ArrowUp', open(-1)).active).toBe(2);
		expect(listboxKey('ArrowUp', open(2)).active).toBe(1);
		expect(listboxKey('ArrowUp', open(0)).active).toBe(2);
	});

	it('keeps the arrows on an empty open list, with nothing active', () => {
		expect(listboxKey('ArrowDown', open(-1, 0))).toMatchObject({ active: -1, handled: true });
	});

	it('goes to the first and last option with Home and End once an option is active', () => {
		expect(listboxKey('Home', open(2))).toMatchObject({ active: 0, handled: true });
		expect(listboxKey('End', open(0))).toMatchObject({ active: 2, handled: true });
	});

	it('leaves Home and End to the text while no option is active or the list is closed', () => {
		expect(listboxKey('Home', open(-1)).handled).toBe(false);
		expect(listboxKey('End', { open: false, active: 1, count: 3 }).handled).toBe(false);
	});

	it('chooses the active option with Enter and closes', () => {
		expect(listboxKey('Enter', open(1))).toEqual({
			open: false,
			active: -1,
			choose: 1,
			handled: true
		});
	});

	it('leaves Enter to the form when nothing is active or the list is closed', () => {
		expect(listboxKey('Enter', open(-1))).toMatchObject({ choose: null, handled: false });
		expect(listboxKey('Enter', { open: false, active: 1, count: 3 }).handled).toBe(false);
		expect(listboxKey('Enter', open(5)).handled).toBe(false);
	});

	it('chooses with Tab only where asked', () => {
		expect(listboxKey('Tab', open(0)).handled).toBe(false);
		expect(listboxKey('Tab', open(0), { tabChooses: true }).choose).toBe(0);
	});

	it('closes with Escape, and lets Escape through once closed', () => {
		expect(listboxKey('Escape', open(2))).toEqual({
			open: false,
			active: -1,
			choose: null,
			handled: true
		});
		expect(listboxKey('Escape', { open: false, active: -1, count: 3 }).handled).toBe(false);
	});

	it('ignores other keys', () => {
		expect(listboxKey('a', open(1))).toEqual({
			open: true,
			active: 1,
			choose: null,
			handled: false
		});
	});
});

describe('keepActive', () => {
	it('keeps the active option where the list still holds it, else the last', () => {
		expect(keepActive(1, 3)).toBe(1);
		expect(keepActive(4, 2)).toBe(1);
		expect(keepActive(-1, 3)).toBe(-1);
		expect(keepActive(2, 0)).toBe(-1);
	});

	it('always has one active with `first`, when there is any option', () => {
		expect(keepActive(-1, 3, true)).toBe(0);
		expect(keepActive(-1, 0, true)).toBe(-1);
	});
});

it('names options after their list', () => {
	expect(optionId('x-listbox', 2)).toBe('x-listbox-option-2');
});
