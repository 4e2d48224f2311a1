ALTER TABLE "files" ADD COLUMN "plain_text" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "files" ADD COLUMN "text_version_id" uuid;--> statement-breakpoint
-- Files are found by their name and their text, as documents by their title and theirs. A name's
-- dashes, underscores and dots separate words ("devis_2027-v2.pdf" is found by "devis 2027").
ALTER TABLE "files" ADD COLUMN "search" tsvector GENERATED ALWAYS AS
	(public.search_vector(translate("name", '-_.', '   '), "plain_text", '')) STORED;
--> statement-breakpoint
CREATE INDEX "files_search_idx" ON "files" USING gin ("search");
--> statement-breakpoint
CREATE INDEX "files_updated_idx" ON "files" USING btree ("updated_at");
