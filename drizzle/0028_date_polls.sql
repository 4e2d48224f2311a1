CREATE TABLE "poll_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"poll_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "polls" ADD COLUMN "chosen_option_id" uuid;--> statement-breakpoint
ALTER TABLE "poll_tokens" ADD CONSTRAINT "poll_tokens_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_tokens" ADD CONSTRAINT "poll_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "poll_tokens_poll_user_idx" ON "poll_tokens" USING btree ("poll_id","user_id");--> statement-breakpoint
ALTER TABLE "polls" ADD CONSTRAINT "polls_chosen_option_id_poll_options_id_fk" FOREIGN KEY ("chosen_option_id") REFERENCES "public"."poll_options"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "polls_meeting_idx" ON "polls" USING btree ("meeting_id");