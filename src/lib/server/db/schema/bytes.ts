import { customType } from 'drizzle-orm/pg-core';

/**
 * PostgreSQL `bytea` as a Uint8Array. postgres.js hands back a Buffer and PGlite a Uint8Array;
 * both are Uint8Arrays, which is all Yjs needs.
 */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
	dataType: () => 'bytea',
	toDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
	fromDriver: (value) => value
});
