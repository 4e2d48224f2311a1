CREATE TABLE "file_previews" (
	"version_id" uuid NOT NULL,
	"size" text NOT NULL,
	"object_id" uuid,
	"bytes" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "file_previews_version_id_size_pk" PRIMARY KEY("version_id","size")
);
--> statement-breakpoint
ALTER TABLE "file_previews" ADD CONSTRAINT "file_previews_version_id_file_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."file_versions"("id") ON DELETE cascade ON UPDATE no action;