-- Custom SQL migration file, put your code below! --
-- The dashboard's figures per month (group_months, organisation_months, see
-- src/lib/server/db/schema/figures.ts), kept up to date by triggers: every change to an action, a
-- meeting, an attendance or a person's organisation adds its part to the month it falls in and
-- takes it back from the one it left. Subtracting only ever updates (never inserts) a row, so a
-- group or an organisation being deleted, whose rows go first or last, never trips a foreign key.

-- The month an instant falls in, in Paris, as the dashboard names months.
CREATE FUNCTION maillage_paris_month(at timestamptz) RETURNS text
LANGUAGE sql STABLE AS $$ SELECT to_char(at AT TIME ZONE 'Europe/Paris', 'YYYY-MM') $$;
--> statement-breakpoint
CREATE FUNCTION maillage_add_group_month(
	p_group uuid, p_month text, p_opened int, p_done int, p_held int, p_present int, p_recorded int
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	UPDATE group_months SET
		opened = opened + p_opened, done = done + p_done, held = held + p_held,
		present = present + p_present, recorded = recorded + p_recorded
	WHERE group_id = p_group AND month = p_month;
	IF NOT FOUND AND p_opened >= 0 AND p_done >= 0 AND p_held >= 0 AND p_present >= 0 AND p_recorded >= 0 THEN
		INSERT INTO group_months (group_id, month, opened, done, held, present, recorded)
		VALUES (p_group, p_month, p_opened, p_done, p_held, p_present, p_recorded)
		ON CONFLICT (group_id, month) DO UPDATE SET
			opened = group_months.opened + excluded.opened, done = group_months.done + excluded.done,
			held = group_months.held + excluded.held, present = group_months.present + excluded.present,
			recorded = group_months.recorded + excluded.recorded;
	END IF;
END $$;
--> statement-breakpoint
CREATE FUNCTION maillage_add_organisation_month(
	p_group uuid, p_organisation uuid, p_month text, p_owned int, p_present int
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	IF p_organisation IS NULL THEN RETURN; END IF;
	UPDATE organisation_months SET owned = owned + p_owned, present = present + p_present
	WHERE group_id = p_group AND organisation_id = p_organisation AND month = p_month;
	IF NOT FOUND AND p_owned >= 0 AND p_present >= 0 THEN
		INSERT INTO organisation_months (group_id, organisation_id, month, owned, present)
		VALUES (p_group, p_organisation, p_month, p_owned, p_present)
		ON CONFLICT (group_id, organisation_id, month) DO UPDATE SET
			owned = organisation_months.owned + excluded.owned,
			present = organisation_months.present + excluded.present;
	END IF;
END $$;
--> statement-breakpoint
-- An action's part: opened in the month it was created (for its owner's organisation too), done
-- in the month it was closed.
CREATE FUNCTION maillage_count_action(a actions, s int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	PERFORM maillage_add_group_month(a.group_id, maillage_paris_month(a.created_at), s, 0, 0, 0, 0);
	IF a.status = 'done' THEN
		PERFORM maillage_add_group_month(
			a.group_id, coalesce(maillage_paris_month(a.closed_at), ''), 0, s, 0, 0, 0);
	END IF;
	PERFORM maillage_add_organisation_month(
		a.group_id, a.owner_organisation_id, maillage_paris_month(a.created_at), s, 0);
END $$;
--> statement-breakpoint
CREATE FUNCTION maillage_action_figures() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN PERFORM maillage_count_action(OLD, -1); END IF;
	IF TG_OP <> 'DELETE' THEN PERFORM maillage_count_action(NEW, 1); END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER actions_figures AFTER INSERT OR DELETE ON actions
FOR EACH ROW EXECUTE FUNCTION maillage_action_figures();
--> statement-breakpoint
CREATE TRIGGER actions_figures_update
AFTER UPDATE OF group_id, status, created_at, closed_at, owner_organisation_id ON actions
FOR EACH ROW WHEN (
	OLD.group_id IS DISTINCT FROM NEW.group_id OR OLD.status IS DISTINCT FROM NEW.status
	OR OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.closed_at IS DISTINCT FROM NEW.closed_at
	OR OLD.owner_organisation_id IS DISTINCT FROM NEW.owner_organisation_id
) EXECUTE FUNCTION maillage_action_figures();
--> statement-breakpoint
-- A meeting's part, when it was held (or its minutes published): one meeting held in the month
-- it started, and the attendance recorded at it (its people's organisation for 'present').
CREATE FUNCTION maillage_count_meeting(m meetings, s int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	month text := maillage_paris_month(m.starts_at);
	r record;
BEGIN
	IF m.status NOT IN ('held', 'published') THEN RETURN; END IF;
	SELECT count(*) FILTER (WHERE attendance = 'present')::int AS present,
		count(attendance)::int AS recorded
	INTO r FROM meeting_attendees WHERE meeting_id = m.id;
	PERFORM maillage_add_group_month(m.group_id, month, 0, 0, s, s * r.present, s * r.recorded);
	FOR r IN
		SELECT u.organisation_id, count(*)::int AS n
		FROM meeting_attendees a JOIN users u ON u.id = a.user_id
		WHERE a.meeting_id = m.id AND a.attendance = 'present'
		GROUP BY u.organisation_id
	LOOP
		PERFORM maillage_add_organisation_month(m.group_id, r.organisation_id, month, 0, s * r.n);
	END LOOP;
END $$;
--> statement-breakpoint
CREATE FUNCTION maillage_meeting_figures() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN PERFORM maillage_count_meeting(OLD, -1); END IF;
	IF TG_OP <> 'DELETE' THEN PERFORM maillage_count_meeting(NEW, 1); END IF;
	RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NULL END;
END $$;
--> statement-breakpoint
CREATE TRIGGER meetings_figures AFTER INSERT ON meetings
FOR EACH ROW EXECUTE FUNCTION maillage_meeting_figures();
--> statement-breakpoint
CREATE TRIGGER meetings_figures_update AFTER UPDATE OF group_id, status, starts_at ON meetings
FOR EACH ROW WHEN (
	OLD.group_id IS DISTINCT FROM NEW.group_id OR OLD.status IS DISTINCT FROM NEW.status
	OR OLD.starts_at IS DISTINCT FROM NEW.starts_at
) EXECUTE FUNCTION maillage_meeting_figures();
--> statement-breakpoint
-- Before the delete, while the attendees are still there; theirs, deleted next by the cascade, no
-- longer find the meeting and count nothing.
CREATE TRIGGER meetings_figures_delete BEFORE DELETE ON meetings
FOR EACH ROW EXECUTE FUNCTION maillage_meeting_figures();
--> statement-breakpoint
-- One attendee's part, at a meeting held: their attendance, and their organisation's 'present'.
CREATE FUNCTION maillage_count_attendance(a meeting_attendees, s int) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	m meetings;
	organisation uuid;
BEGIN
	IF a.attendance IS NULL THEN RETURN; END IF;
	SELECT * INTO m FROM meetings WHERE id = a.meeting_id;
	IF NOT FOUND OR m.status NOT IN ('held', 'published') THEN RETURN; END IF;
	PERFORM maillage_add_group_month(m.group_id, maillage_paris_month(m.starts_at), 0, 0, 0,
		CASE WHEN a.attendance = 'present' THEN s ELSE 0 END, s);
	IF a.attendance = 'present' THEN
		SELECT organisation_id INTO organisation FROM users WHERE id = a.user_id;
		PERFORM maillage_add_organisation_month(
			m.group_id, organisation, maillage_paris_month(m.starts_at), 0, s);
	END IF;
END $$;
--> statement-breakpoint
CREATE FUNCTION maillage_attendance_figures() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN PERFORM maillage_count_attendance(OLD, -1); END IF;
	IF TG_OP <> 'DELETE' THEN PERFORM maillage_count_attendance(NEW, 1); END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER meeting_attendees_figures AFTER INSERT OR DELETE ON meeting_attendees
FOR EACH ROW EXECUTE FUNCTION maillage_attendance_figures();
--> statement-breakpoint
CREATE TRIGGER meeting_attendees_figures_update
AFTER UPDATE OF meeting_id, user_id, attendance ON meeting_attendees
FOR EACH ROW WHEN (
	OLD.meeting_id IS DISTINCT FROM NEW.meeting_id OR OLD.user_id IS DISTINCT FROM NEW.user_id
	OR OLD.attendance IS DISTINCT FROM NEW.attendance
) EXECUTE FUNCTION maillage_attendance_figures();
--> statement-breakpoint
-- A person's 'present' counts for the organisation they belong to now: when they move, or before
-- they are deleted (their attendances, deleted next, no longer find them), their organisation's
-- part moves with them or goes.
CREATE FUNCTION maillage_person_figures() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	r record;
BEGIN
	FOR r IN
		SELECT m.group_id, maillage_paris_month(m.starts_at) AS month, count(*)::int AS n
		FROM meeting_attendees a JOIN meetings m ON m.id = a.meeting_id
		WHERE a.user_id = OLD.id AND a.attendance = 'present' AND m.status IN ('held', 'published')
		GROUP BY 1, 2
	LOOP
		PERFORM maillage_add_organisation_month(r.group_id, OLD.organisation_id, r.month, 0, -r.n);
		IF TG_OP = 'UPDATE' THEN
			PERFORM maillage_add_organisation_month(r.group_id, NEW.organisation_id, r.month, 0, r.n);
		END IF;
	END LOOP;
	RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NULL END;
END $$;
--> statement-breakpoint
CREATE TRIGGER users_figures_update AFTER UPDATE OF organisation_id ON users
FOR EACH ROW WHEN (OLD.organisation_id IS DISTINCT FROM NEW.organisation_id)
EXECUTE FUNCTION maillage_person_figures();
--> statement-breakpoint
CREATE TRIGGER users_figures_delete BEFORE DELETE ON users
FOR EACH ROW EXECUTE FUNCTION maillage_person_figures();
--> statement-breakpoint
-- Recomputes every figure from the rows themselves: run here for the rows already there, and
-- by hand (SELECT maillage_rebuild_figures()) after a bulk load done with triggers off.
CREATE FUNCTION maillage_rebuild_figures() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM group_months;
	DELETE FROM organisation_months;
	INSERT INTO group_months (group_id, month, opened, done, held, present, recorded)
	SELECT group_id, month, sum(opened), sum(done), sum(held), sum(present), sum(recorded)
	FROM (
		SELECT group_id, maillage_paris_month(created_at) AS month,
			count(*) AS opened, 0 AS done, 0 AS held, 0 AS present, 0 AS recorded
		FROM actions GROUP BY 1, 2
		UNION ALL
		SELECT group_id, coalesce(maillage_paris_month(closed_at), ''), 0, count(*), 0, 0, 0
		FROM actions WHERE status = 'done' GROUP BY 1, 2
		UNION ALL
		SELECT group_id, maillage_paris_month(starts_at), 0, 0, count(*), 0, 0
		FROM meetings WHERE status IN ('held', 'published') GROUP BY 1, 2
		UNION ALL
		SELECT m.group_id, maillage_paris_month(m.starts_at), 0, 0, 0,
			count(*) FILTER (WHERE a.attendance = 'present'), count(a.attendance)
		FROM meeting_attendees a JOIN meetings m ON m.id = a.meeting_id
		WHERE m.status IN ('held', 'published') GROUP BY 1, 2
	) parts
	GROUP BY group_id, month;
	INSERT INTO organisation_months (group_id, organisation_id, month, owned, present)
	SELECT group_id, organisation_id, month, sum(owned), sum(present)
	FROM (
		SELECT group_id, owner_organisation_id AS organisation_id,
			maillage_paris_month(created_at) AS month, count(*) AS owned, 0 AS present
		FROM actions WHERE owner_organisation_id IS NOT NULL GROUP BY 1, 2, 3
		UNION ALL
		SELECT m.group_id, u.organisation_id, maillage_paris_month(m.starts_at), 0, count(*)
		FROM meeting_attendees a
		JOIN meetings m ON m.id = a.meeting_id
		JOIN users u ON u.id = a.user_id
		WHERE a.attendance = 'present' AND m.status IN ('held', 'published') GROUP BY 1, 2, 3
	) parts
	GROUP BY group_id, organisation_id, month;
END $$;
--> statement-breakpoint
SELECT maillage_rebuild_figures();
