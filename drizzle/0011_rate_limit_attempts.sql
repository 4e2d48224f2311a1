CREATE TABLE "attempts" (
	"purpose" text NOT NULL,
	"key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"n" integer NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "attempts_purpose_key_window_start_pk" PRIMARY KEY("purpose","key","window_start")
);
--> statement-breakpoint
DROP TABLE "login_failures" CASCADE;--> statement-breakpoint
CREATE INDEX "attempts_expires_at_idx" ON "attempts" USING btree ("expires_at");