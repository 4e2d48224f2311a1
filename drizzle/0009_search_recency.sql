-- Search among the most recent matches first. A word found in tens of thousands of messages
-- would otherwise make every search visit all of their rows. With btree_gin, one GIN index holds
-- both the words and the date: a search for the last month's matches reads only those rows, and
-- an older period is read only when the recent ones are not enough (src/lib/server/search-sources.ts).
-- btree_gin ships with PostgreSQL (contrib) and with PGlite (passed to PGlite.create).
CREATE EXTENSION IF NOT EXISTS btree_gin;
--> statement-breakpoint
CREATE INDEX "thread_messages_search_at_idx" ON "thread_messages" USING gin ("search", "created_at");
--> statement-breakpoint
DROP INDEX IF EXISTS "thread_messages_search_idx";
--> statement-breakpoint
CREATE INDEX "documents_search_at_idx" ON "documents" USING gin ("search", "last_edited_at");
--> statement-breakpoint
DROP INDEX IF EXISTS "documents_search_idx";
--> statement-breakpoint
CREATE INDEX "actions_search_at_idx" ON "actions" USING gin ("search", "updated_at");
--> statement-breakpoint
DROP INDEX IF EXISTS "actions_search_idx";
