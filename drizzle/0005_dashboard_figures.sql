CREATE TABLE "group_months" (
	"group_id" uuid NOT NULL,
	"month" text NOT NULL,
	"opened" integer DEFAULT 0 NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"held" integer DEFAULT 0 NOT NULL,
	"present" integer DEFAULT 0 NOT NULL,
	"recorded" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "group_months_group_id_month_pk" PRIMARY KEY("group_id","month")
);
--> statement-breakpoint
CREATE TABLE "organisation_months" (
	"group_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"month" text NOT NULL,
	"owned" integer DEFAULT 0 NOT NULL,
	"present" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "organisation_months_group_id_organisation_id_month_pk" PRIMARY KEY("group_id","organisation_id","month")
);
--> statement-breakpoint
ALTER TABLE "group_months" ADD CONSTRAINT "group_months_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_months" ADD CONSTRAINT "organisation_months_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_months" ADD CONSTRAINT "organisation_months_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "actions_open_idx" ON "actions" USING btree ("group_id","due_date") WHERE "actions"."status" in ('open', 'in_progress', 'blocked');--> statement-breakpoint
CREATE INDEX "actions_group_updated_idx" ON "actions" USING btree ("group_id","updated_at");