CREATE TYPE "public"."notification_delivery" AS ENUM('immediate', 'daily', 'weekly', 'off');--> statement-breakpoint
CREATE TYPE "public"."notification_topic" AS ENUM('mention', 'assignment', 'due', 'minutes', 'reply', 'check_in');--> statement-breakpoint
CREATE TYPE "public"."check_in_weather" AS ENUM('on_track', 'at_risk', 'off_track');--> statement-breakpoint
CREATE TABLE "check_ins" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"group_id" uuid NOT NULL,
	"period" text NOT NULL,
	"author_id" uuid,
	"weather" "check_in_weather" NOT NULL,
	"moved" text DEFAULT '' NOT NULL,
	"blocks" text DEFAULT '' NOT NULL,
	"help" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_preferences" (
	"user_id" uuid NOT NULL,
	"topic" "notification_topic" NOT NULL,
	"delivery" "notification_delivery" NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_preferences_user_id_topic_pk" PRIMARY KEY("user_id","topic")
);
--> statement-breakpoint
ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "check_ins_group_period_idx" ON "check_ins" USING btree ("group_id","period");--> statement-breakpoint
CREATE INDEX "check_ins_period_idx" ON "check_ins" USING btree ("period");--> statement-breakpoint
CREATE INDEX "actions_group_closed_idx" ON "actions" USING btree ("group_id","closed_at");