// The comparison's chart: propagation p99 against the number of clients, one line per server,
// for the two ramps (A: readers of one document, B: documents), on log scales, with the 100 ms
// target. Plain SVG, written by the run into docs/.
import { round } from '../measure.ts';
import { measured, NAMES, type CompareReport, type MeasuredResult } from './report.ts';
import { P99_LIMIT_MS } from './window.ts';

const COLOURS = {
	maillage: '#2f6f4f',
	hocuspocus: '#6a4fb3',
	'y-websocket': '#c0632b'
} as Record<string, string>;
const PANEL = { width: 430, height: 280, left: 76, top: 46, right: 16, bottom: 44 };

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Powers of ten (and their halves) between two values, for the ticks of a log axis. */
function ticks(min: number, max: number) {
	const out = [];
	for (let p = Math.floor(Math.log10(min)); p <= Math.ceil(Math.log10(max)); p++) {
		for (const m of [1, 3]) {
			const v = m * 10 ** p;
			if (v >= min && v <= max) out.push(v);
		}
	}
	return out;
}

const label = (v: number) => (v >= 1000 ? `${round(v / 1000, 1)}k`.replace('.0k', 'k') : String(v));
const msLabel = (v: number) => (v >= 1000 ? `${v / 1000} s` : `${v} ms`);

/**
 * One panel: x from the results' client counts, y from 1 ms to the slowest p99.
 * @param x0 the panel's left edge in the whole picture
 */
function panel(results: MeasuredResult[], title: string, x0: number) {
	const w = PANEL.width - PANEL.left - PANEL.right;
	const h = PANEL.height - PANEL.top - PANEL.bottom;
	const points = results.flatMap((r) =>
		r.medianWindowP99Ms != null && !r.retried
			? [{ ...r, medianWindowP99Ms: r.medianWindowP99Ms }]
			: []
	);
	const xs = results.filter((r) => !r.retried).map((r) => r.clients);
	const xMin = Math.min(10, ...xs);
	const xMax = Math.max(100, ...xs) * 1.15;
	const yMin = 1;
	const yMax = Math.max(1000, ...points.map((r) => r.medianWindowP99Ms)) * 1.2;
	const x = (v: number) => x0 + PANEL.left + (Math.log(v / xMin) / Math.log(xMax / xMin)) * w;
	const y = (v: number) =>
		PANEL.top + h - (Math.log(Math.max(v, yMin) / yMin) / Math.log(yMax / yMin)) * h;
	const out = [
		`<text x="${x0 + PANEL.left}" y="${PANEL.top - 18}" font-weight="600">${escape(title)}</text>`,
		`<rect x="${x0 + PANEL.left}" y="${PANEL.top}" width="${w}" height="${h}" fill="none" stroke="#bbb"/>`
	];
	for (const v of ticks(xMin, xMax)) {
		out.push(
			`<line x1="${x(v)}" y1="${PANEL.top}" x2="${x(v)}" y2="${PANEL.top + h}" stroke="#eee"/>`,
			`<text x="${x(v)}" y="${PANEL.top + h + 16}" text-anchor="middle">${label(v)}</text>`
		);
	}
	for (const v of ticks(yMin, yMax)) {
		out.push(
			`<line x1="${x0 + PANEL.left}" y1="${y(v)}" x2="${x0 + PANEL.left + w}" y2="${y(v)}" stroke="#eee"/>`,
			`<text x="${x0 + PANEL.left - 6}" y="${y(v) + 4}" text-anchor="end">${msLabel(v)}</text>`
		);
	}
	out.push(
		`<line x1="${x0 + PANEL.left}" y1="${y(P99_LIMIT_MS)}" x2="${x0 + PANEL.left + w}" y2="${y(P99_LIMIT_MS)}" stroke="#c33" stroke-dasharray="5 4"/>`,
		`<text x="${x0 + PANEL.left + 4}" y="${y(P99_LIMIT_MS) - 5}" fill="#c33">100 ms</text>`,
		`<text x="${x0 + PANEL.left + w / 2}" y="${PANEL.top + h + 34}" text-anchor="middle">clients (log)</text>`,
		`<text x="${x0 + 14}" y="${PANEL.top + h / 2}" text-anchor="middle" transform="rotate(-90 ${x0 + 14} ${PANEL.top + h / 2})">propagation p99 (log)</text>`
	);
	// Steps discarded because the load generator was the bottleneck in every window: a cross on
	// top, at their client count.
	const discarded = results.filter((r) => r.medianWindowP99Ms == null && !r.retried);
	discarded.forEach((r, i) => {
		const cx = round(x(r.clients), 1);
		const cy = PANEL.top + 10 + 12 * i;
		out.push(
			`<text x="${cx}" y="${cy + 4}" text-anchor="middle" fill="${COLOURS[r.server]}">×<title>${escape(
				`${NAMES[r.server]}, ${r.label}: discarded (load generator bound)`
			)}</title></text>`
		);
	});
	for (const server of Object.keys(COLOURS)) {
		const mine = points.filter((r) => r.server === server).sort((a, b) => a.clients - b.clients);
		if (mine.length === 0) continue;
		const colour = COLOURS[server];
		const path = mine.map(
			(r, i) => `${i ? 'L' : 'M'}${round(x(r.clients), 1)},${round(y(r.medianWindowP99Ms), 1)}`
		);
		out.push(`<path d="${path.join(' ')}" fill="none" stroke="${colour}" stroke-width="2"/>`);
		for (const r of mine) {
			const cx = round(x(r.clients), 1);
			const cy = round(y(r.medianWindowP99Ms), 1);
			const fill = r.verdict === 'pass' ? colour : '#fff';
			out.push(
				`<circle cx="${cx}" cy="${cy}" r="4" fill="${fill}" stroke="${colour}" stroke-width="2"><title>${escape(
					`${NAMES[server]}, ${r.label}: median window p99 ${r.medianWindowP99Ms} ms (${r.verdict})`
				)}</title></circle>`
			);
		}
	}
	return out.join('\n');
}

export function chart(report: CompareReport) {
	const ok = report.results.filter(measured);
	const width = PANEL.width * 2;
	const height = PANEL.height + 88;
	const legend = Object.keys(COLOURS)
		.map(
			(server, i) =>
				`<rect x="${PANEL.left + i * 190}" y="${PANEL.height + 6}" width="14" height="4" fill="${COLOURS[server]}"/>` +
				`<text x="${PANEL.left + i * 190 + 20}" y="${PANEL.height + 12}">${escape(NAMES[server])}</text>`
		)
		.join('\n');
	const when = report.startedAt.slice(0, 10);
	const captions = [
		'Median of the windows’ propagation p99 in each step (filled: passed; hollow: p99 above 100 ms in two windows; ×: discarded,',
		'the load generator being the bottleneck).',
		`bench:collab --compare, ${report.machine.cpus} vCPUs, Node ${report.machine.node}, PostgreSQL 15 on 127.0.0.1, ${when}, commit ${report.revision.commit}.`
	];
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12" fill="#222">
<rect width="100%" height="100%" fill="#fff"/>
${panel(
	ok.filter((r) => r.scenario === 'A'),
	'A: one document, 10 typists + readers',
	0
)}
${panel(
	ok.filter((r) => r.scenario === 'B'),
	'B: documents × 3 typists',
	PANEL.width
)}
${legend}
${captions
	.map(
		(line, i) =>
			`<text x="${PANEL.left}" y="${PANEL.height + 38 + i * 15}" font-size="11" fill="#555">${escape(line)}</text>`
	)
	.join('\n')}
</svg>
`;
}
