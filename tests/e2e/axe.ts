import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface Violation {
	id: string;
	impact: string;
	help: string;
	targets: string[];
}

/**
 * Runs axe-core (WCAG 2.x A and AA rules) on the page as it is and returns the serious and
 * critical violations, each with the elements concerned, so a failing test says what to fix.
 */
export async function seriousViolations(page: Page): Promise<Violation[]> {
	// Colours are measured as painted: a tooltip fading in is read at its final contrast, not
	// half-transparent, so finite animations (a fade, with its delay) are let finish first.
	await page.evaluate(() =>
		Promise.all(
			document
				.getAnimations()
				.filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity)
				.map((animation) => animation.finished.catch(() => undefined))
		)
	);
	// Evaluated through the browser's debugging protocol: a <script> tag would be refused by the
	// app's Content-Security-Policy, as any script the app did not serve itself.
	await page.evaluate(AXE);
	const violations = await page.evaluate(async () => {
		const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<unknown> } })
			.axe;
		const result = (await axe.run(document, {
			runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
			resultTypes: ['violations']
		})) as {
			violations: {
				id: string;
				impact: string;
				help: string;
				nodes: {
					target: string[];
					any: { data?: { fgColor?: string; bgColor?: string; contrastRatio?: number } }[];
				}[];
			}[];
		};
		// A contrast failure names the colours axe measured, so that a rare one can be told apart
		// from a page that really lacks contrast.
		const measured = (node: (typeof result.violations)[number]['nodes'][number]) => {
			const data = node.any.find((check) => check.data?.contrastRatio !== undefined)?.data;
			return data ? ` (${data.fgColor} on ${data.bgColor}: ${data.contrastRatio})` : '';
		};
		return result.violations.map((v) => ({
			id: v.id,
			impact: v.impact,
			help: v.help,
			targets: v.nodes.map((n) => `${n.target.join(' ')}${measured(n)}`)
		}));
	});
	return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
