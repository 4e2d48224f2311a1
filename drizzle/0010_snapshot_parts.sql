ALTER TABLE "document_snapshots" DROP CONSTRAINT "document_snapshots_pkey";--> statement-breakpoint
ALTER TABLE "document_snapshots" ADD COLUMN "part" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "document_snapshots" ADD CONSTRAINT "document_snapshots_document_id_part_pk" PRIMARY KEY("document_id","part");
