import { defineConfig } from '@playwright/test';

// No webServer block: each spec file starts the server(s) it needs with tests/helpers/server.ts
// (an empty instance for the setup, a demo instance for the roles), against the production
// build that `npm run test:e2e` makes first.
export default defineConfig({
	testDir: 'tests/e2e',
	// Two cores: one spec file per core, each with its own server.
	workers: 2,
	retries: 0,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: 'list',
	forbidOnly: !!process.env.CI,
	use: {
		browserName: 'chromium',
		locale: 'fr-FR',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			// Without the networking flags Chromium floods this closed network with refused connections.
			args: [
				'--headless',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
				'--disable-quic'
			]
		}
	}
});
