// A seeded random source, so that the same --seed gives the same network: the same people, the
// same ids, the same dates (relative to the day it is run for).

/** mulberry32: small, fast, and good enough to draw a fictional network. */
export class Random {
	state: number;
	constructor(seed: number) {
		this.state = seed >>> 0 || 1;
	}

	/** A float in [0, 1). */
	next() {
		let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** An integer in [min, max], both included. */
	int(min: number, max: number) {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	chance(p: number) {
		return this.next() < p;
	}

	pick<T>(list: readonly T[]): T {
		return list[Math.floor(this.next() * list.length)];
	}

	/**
	 * One of `choices` by weight: `[[value, weight], …]`.
	 */
	weighted<T>(choices: readonly (readonly [T, number])[]): T {
		let total = 0;
		for (const [, w] of choices) total += w;
		let x = this.next() * total;
		for (const [value, w] of choices) {
			x -= w;
			if (x < 0) return value;
		}
		return choices[choices.length - 1][0];
	}

	/** An exponential draw of the given mean. */
	exponential(mean: number) {
		return -Math.log(1 - this.next()) * mean;
	}

	/** A version-4-shaped UUID drawn from this source (not from the system's randomness). */
	uuid() {
		const hex = (n: number) =>
			Array.from({ length: n }, () => Math.floor(this.next() * 16).toString(16)).join('');
		const variant = '89ab'[Math.floor(this.next() * 4)];
		return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
	}

	/**
	 * `count` distinct items of `list`, each drawn by weight (without replacement).
	 * @param cumulative running sums of the weights of `list`
	 */
	sample<T>(list: readonly T[], cumulative: Float64Array, count: number): T[] {
		const chosen = new Set<number>();
		const total = cumulative[cumulative.length - 1];
		const wanted = Math.min(count, list.length);
		while (chosen.size < wanted) {
			const x = this.next() * total;
			let lo = 0;
			let hi = cumulative.length - 1;
			while (lo < hi) {
				const mid = (lo + hi) >> 1;
				if (cumulative[mid] > x) hi = mid;
				else lo = mid + 1;
			}
			chosen.add(lo);
		}
		return [...chosen].map((i) => list[i]);
	}

	/**
	 * @param list shuffled in place
	 */
	shuffle<T>(list: T[]) {
		for (let i = list.length - 1; i > 0; i--) {
			const j = Math.floor(this.next() * (i + 1));
			[list[i], list[j]] = [list[j], list[i]];
		}
		return list;
	}
}

/** Running sums of weights, for `Random.sample`. */
export function cumulate(weights: number[]) {
	const sums = new Float64Array(weights.length);
	let total = 0;
	weights.forEach((w, i) => (sums[i] = total += w));
	return sums;
}

/** Lower-case ASCII words joined by dashes: 'Énergie & RSE' → 'energie-rse'. */
export function slugify(text: string) {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
}

/** `total` split in whole numbers in proportion to `weights` (largest remainders). */
export function allocate(total: number, weights: number[]) {
	const sum = weights.reduce((a, b) => a + b, 0) || 1;
	const exact = weights.map((w) => (total * w) / sum);
	const counts = exact.map(Math.floor);
	let left = total - counts.reduce((a, b) => a + b, 0);
	const order = exact.map((x, i) => [x - Math.floor(x), i]).sort((a, b) => b[0] - a[0]);
	for (let k = 0; left > 0; k = (k + 1) % order.length, left--) counts[order[k][1]]++;
	return counts;
}

/** A seed for one part of the network, so that each part draws the same whatever else runs. */
export function partSeed(seed: number, part: string) {
	let h = (seed ^ 0x9e3779b9) >>> 0;
	for (const c of part) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
	return h;
}
