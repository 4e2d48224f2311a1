/** A small, fast, seeded PRNG (mulberry32): the same seed gives the same run. */
export function seededRandom(seed: number) {
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		next,
		/** An integer in [0, n). */
		int: (n: number) => Math.floor(next() * n),
		pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)],
		word: (length = 1 + Math.floor(next() * 6)) =>
			Array.from({ length }, () => 'abcdefghijklmnopqrstuvwxyzéè '[Math.floor(next() * 29)]).join(
				''
			)
	};
}
