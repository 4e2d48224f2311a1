-- Search: accent-insensitive French and English full text, and typo-tolerant names.
-- Both extensions ship with PostgreSQL (contrib) and with PGlite (passed to PGlite.create).
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- Accents are removed before stemming, so "reunion" and "réunion" give the same lexeme.
CREATE TEXT SEARCH CONFIGURATION public.french_unaccent (COPY = pg_catalog.french);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION public.french_unaccent
	ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, french_stem;
--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION public.english_unaccent (COPY = pg_catalog.english);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION public.english_unaccent
	ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, english_stem;
--> statement-breakpoint
-- Unstemmed words, for prefixes typed in the search box ("mobilit" is no stem of "mobilité").
CREATE TEXT SEARCH CONFIGURATION public.simple_unaccent (COPY = pg_catalog.simple);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION public.simple_unaccent
	ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, simple;
--> statement-breakpoint
-- unaccent() is only STABLE (it reads its dictionary by name); naming the dictionary makes it
-- safe to index.
CREATE FUNCTION public.f_unaccent(text) RETURNS text
	LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
	AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
--> statement-breakpoint
-- The words of a text in French, in English and unstemmed, with one weight.
CREATE FUNCTION public.search_words(body text, weight "char") RETURNS tsvector
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	AS $$ SELECT setweight(
		to_tsvector('public.french_unaccent'::regconfig, coalesce(body, ''))
		|| to_tsvector('public.english_unaccent'::regconfig, coalesce(body, ''))
		|| to_tsvector('public.simple_unaccent'::regconfig, coalesce(body, '')),
		weight) $$;
--> statement-breakpoint
-- What a row is found by: its title (A), its main text (B), the rest (C).
CREATE FUNCTION public.search_vector(title text, body text, extra text) RETURNS tsvector
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	AS $$ SELECT public.search_words(title, 'A') || public.search_words(body, 'B')
		|| public.search_words(extra, 'C') $$;
--> statement-breakpoint
-- The words of a rich-text document (the editor's JSON): every text node, in order.
CREATE FUNCTION public.rich_text(doc jsonb) RETURNS text
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	AS $$ SELECT coalesce(string_agg(t #>> '{}', ' '), '')
		FROM jsonb_path_query(coalesce(doc, 'null'::jsonb), 'strict $.**.text') AS t
		WHERE jsonb_typeof(t) = 'string' $$;
--> statement-breakpoint
-- The titles of a meeting's agenda items.
CREATE FUNCTION public.agenda_text(agenda jsonb) RETURNS text
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	AS $$ SELECT coalesce(string_agg(item ->> 'title', ' '), '')
		FROM jsonb_array_elements(CASE WHEN jsonb_typeof(agenda) = 'array' THEN agenda ELSE '[]'::jsonb END) AS item $$;
--> statement-breakpoint
-- The query for a list of words (letters and digits only: the app splits the input): every word
-- must match, in French or in English; a word that is a stop word in either language is left
-- out. With `prefix`, the last word also matches the beginning of a word (search as you type).
CREATE FUNCTION public.search_query(words text[], prefix boolean) RETURNS tsquery
	LANGUAGE plpgsql STABLE PARALLEL SAFE
	AS $$
DECLARE
	q tsquery := '';
	term tsquery;
	fr tsquery;
	en tsquery;
	w text;
	i int := 0;
	n int := coalesce(array_length(words, 1), 0);
BEGIN
	FOREACH w IN ARRAY coalesce(words, '{}'::text[]) LOOP
		i := i + 1;
		IF prefix AND i = n THEN
			fr := to_tsquery('public.french_unaccent'::regconfig, quote_literal(w) || ':*');
			en := to_tsquery('public.english_unaccent'::regconfig, quote_literal(w) || ':*');
			term := to_tsquery('public.simple_unaccent'::regconfig, quote_literal(w) || ':*');
			IF numnode(fr) > 0 THEN term := term || fr; END IF;
			IF numnode(en) > 0 THEN term := term || en; END IF;
		ELSE
			fr := plainto_tsquery('public.french_unaccent'::regconfig, w);
			en := plainto_tsquery('public.english_unaccent'::regconfig, w);
			CONTINUE WHEN numnode(fr) = 0 OR numnode(en) = 0;
			term := fr || en;
		END IF;
		CONTINUE WHEN numnode(term) = 0;
		q := CASE WHEN numnode(q) = 0 THEN term ELSE q && term END;
	END LOOP;
	RETURN q;
END $$;
--> statement-breakpoint
-- The words each row is found by, kept up to date by the database itself. They are left out of
-- the Drizzle schema on purpose: every `select()` of a row would otherwise carry its vector
-- into pages and payloads. Search reads them by name (src/lib/server/search.ts).
ALTER TABLE "groups" ADD COLUMN "search" tsvector GENERATED ALWAYS AS
	(public.search_vector("name", "description", public.rich_text("purpose"))) STORED;
--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "search" tsvector GENERATED ALWAYS AS
	(public.search_vector("title", "plain_text", '')) STORED;
--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "search" tsvector GENERATED ALWAYS AS
	(public.search_vector("title", public.agenda_text("agenda"), "place_text")) STORED;
--> statement-breakpoint
ALTER TABLE "actions" ADD COLUMN "search" tsvector GENERATED ALWAYS AS
	(public.search_vector("title", "description", '')) STORED;
--> statement-breakpoint
ALTER TABLE "threads" ADD COLUMN "search" tsvector GENERATED ALWAYS AS
	(public.search_vector("title", '', '')) STORED;
--> statement-breakpoint
ALTER TABLE "thread_messages" ADD COLUMN "search" tsvector GENERATED ALWAYS AS
	(public.search_vector('', "body_text", '')) STORED;
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "search" tsvector GENERATED ALWAYS AS
	(public.search_vector("name", '', '')) STORED;
--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "search" tsvector GENERATED ALWAYS AS
	(public.search_vector("name", "town", "sector")) STORED;
--> statement-breakpoint
CREATE INDEX "groups_search_idx" ON "groups" USING gin ("search");
--> statement-breakpoint
CREATE INDEX "documents_search_idx" ON "documents" USING gin ("search");
--> statement-breakpoint
CREATE INDEX "meetings_search_idx" ON "meetings" USING gin ("search");
--> statement-breakpoint
CREATE INDEX "actions_search_idx" ON "actions" USING gin ("search");
--> statement-breakpoint
CREATE INDEX "threads_search_idx" ON "threads" USING gin ("search");
--> statement-breakpoint
CREATE INDEX "thread_messages_search_idx" ON "thread_messages" USING gin ("search");
--> statement-breakpoint
CREATE INDEX "users_search_idx" ON "users" USING gin ("search");
--> statement-breakpoint
CREATE INDEX "organisations_search_idx" ON "organisations" USING gin ("search");
