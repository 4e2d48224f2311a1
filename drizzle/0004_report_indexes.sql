CREATE INDEX "meetings_start_idx" ON "meetings" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "actions_closed_idx" ON "actions" USING btree ("closed_at");--> statement-breakpoint
CREATE INDEX "actions_owner_organisation_idx" ON "actions" USING btree ("owner_organisation_id","status");