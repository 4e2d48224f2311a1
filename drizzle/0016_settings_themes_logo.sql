CREATE TABLE "themes" (
	"key" text PRIMARY KEY NOT NULL,
	"label_fr" text NOT NULL,
	"label_en" text NOT NULL,
	"position" integer NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "logos" (
	"hash" text PRIMARY KEY NOT NULL,
	"content_type" text NOT NULL,
	"data" "bytea" NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "themes_position_idx" ON "themes" USING btree ("position");--> statement-breakpoint
CREATE INDEX "groups_theme_idx" ON "groups" USING btree ("theme");--> statement-breakpoint
-- The themes the code knew until now become the first entries of the list.
INSERT INTO "themes" ("key", "label_fr", "label_en", "position") VALUES
	('mobility', 'Mobilités', 'Mobility', 1),
	('recruitment', 'Recrutement et compétences', 'Recruitment and skills', 2),
	('pooling', 'Mutualisation des ressources', 'Pooling of resources', 3),
	('attractiveness', 'Attractivité du territoire', 'Attractiveness of the territory', 4),
	('events', 'Événements', 'Events', 5);
--> statement-breakpoint
-- A group's own theme (free text until now) joins the list under the words it was written with.
INSERT INTO "themes" ("key", "label_fr", "label_en", "position")
SELECT "theme", left("theme", 60), left("theme", 60), 5 + row_number() OVER (ORDER BY "theme")
FROM (SELECT DISTINCT "theme" FROM "groups" WHERE "theme" NOT IN (SELECT "key" FROM "themes")) AS "own";
--> statement-breakpoint
ALTER TABLE "groups" ADD CONSTRAINT "groups_theme_themes_key_fk" FOREIGN KEY ("theme") REFERENCES "public"."themes"("key") ON DELETE restrict ON UPDATE cascade;
