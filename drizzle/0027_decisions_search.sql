-- Proposals are found by their title and text, decisions by theirs, as documents are.
ALTER TABLE "polls" ADD COLUMN "search" tsvector GENERATED ALWAYS AS
	(public.search_vector("title", "body_text", '')) STORED;
--> statement-breakpoint
CREATE INDEX "polls_search_idx" ON "polls" USING gin ("search");
--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "search" tsvector GENERATED ALWAYS AS
	(public.search_vector("title", "body_text", '')) STORED;
--> statement-breakpoint
CREATE INDEX "decisions_search_idx" ON "decisions" USING gin ("search");
