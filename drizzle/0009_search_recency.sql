CREATE INDEX "documents_edited_idx" ON "documents" USING btree ("last_edited_at");--> statement-breakpoint
CREATE INDEX "actions_updated_idx" ON "actions" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "thread_messages_created_idx" ON "thread_messages" USING btree ("created_at");