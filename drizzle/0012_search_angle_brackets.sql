-- PostgreSQL's text search parser reads "<A2>" in "a1<<A2>>" as an HTML tag and leaves it out,
-- so words typed between angle brackets were never found. What is searched here is plain text,
-- never HTML: the brackets become spaces before the words are read.
CREATE OR REPLACE FUNCTION public.search_words(body text, weight "char") RETURNS tsvector
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	AS $$ SELECT setweight(
		to_tsvector('public.french_unaccent'::regconfig, plain)
		|| to_tsvector('public.english_unaccent'::regconfig, plain)
		|| to_tsvector('public.simple_unaccent'::regconfig, plain),
		weight)
		FROM (SELECT translate(coalesce(body, ''), '<>', '  ') AS plain) AS t $$;
--> statement-breakpoint
-- The stored vectors were computed when their rows were written: writing again the rows that hold
-- an angle bracket computes theirs anew (no trigger watches these columns).
UPDATE "groups" SET "name" = "name"
	WHERE concat("name", "description", "purpose"::text) ~ '[<>]';
--> statement-breakpoint
UPDATE "documents" SET "title" = "title" WHERE concat("title", "plain_text") ~ '[<>]';
--> statement-breakpoint
UPDATE "meetings" SET "title" = "title"
	WHERE concat("title", "agenda"::text, "place_text") ~ '[<>]';
--> statement-breakpoint
UPDATE "actions" SET "title" = "title" WHERE concat("title", "description") ~ '[<>]';
--> statement-breakpoint
UPDATE "threads" SET "title" = "title" WHERE "title" ~ '[<>]';
--> statement-breakpoint
UPDATE "thread_messages" SET "body_text" = "body_text" WHERE "body_text" ~ '[<>]';
--> statement-breakpoint
UPDATE "users" SET "name" = "name" WHERE "name" ~ '[<>]';
--> statement-breakpoint
UPDATE "organisations" SET "name" = "name" WHERE concat("name", "town", "sector") ~ '[<>]';
