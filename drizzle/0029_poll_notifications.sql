ALTER TYPE "public"."notification_kind" ADD VALUE 'poll';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'poll_reminder';--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'decision';--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "poll_id" uuid;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "decision_id" uuid;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_poll_idx" ON "notifications" USING btree ("poll_id");--> statement-breakpoint
CREATE INDEX "notifications_decision_idx" ON "notifications" USING btree ("decision_id");