-- Data retention of the time-series tables, and alarm comments / manual clear in the alarm audit trail.

-- 1. Retention (数据保留). Drops the day partitions of `positions` or `readings` that end on or before
-- `before` (a partition for day d holds [d, d + 1), so it is entirely older than `before` when d + 1 <= before)
-- and deletes the default partition's rows older than `before` (rows that arrived for days without a
-- partition). Only these two parents and only partitions named `<parent>_pYYYYMMDD` (made by
-- ensure_day_partitions); the default partition itself is never dropped. Returns the partitions dropped.
-- SECURITY DEFINER like ensure_day_partitions: the app role may neither DROP nor DELETE these tables.
CREATE OR REPLACE FUNCTION drop_day_partitions_before(parent text, before date)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = public SET TimeZone = 'UTC' AS $$
DECLARE
  part record;
  day date;
  dropped integer := 0;
BEGIN
  IF parent NOT IN ('positions', 'readings') THEN
    RAISE EXCEPTION 'not a partitioned table: %', parent;
  END IF;
  IF before IS NULL THEN
    RAISE EXCEPTION 'before must be a date';
  END IF;
  FOR part IN
    SELECT c.relname
      FROM pg_inherits i
      JOIN pg_class c ON c.oid = i.inhrelid
      JOIN pg_class p ON p.oid = i.inhparent
      JOIN pg_namespace n ON n.oid = p.relnamespace
     WHERE p.relname = parent AND n.nspname = 'public'
       AND c.relname ~ ('^' || parent || '_p[0-9]{8}$')
     ORDER BY c.relname
  LOOP
    day := to_date(right(part.relname, 8), 'YYYYMMDD');
    IF day + 1 <= before THEN
      EXECUTE format('ALTER TABLE %I DETACH PARTITION %I', parent, part.relname);
      EXECUTE format('DROP TABLE %I', part.relname);
      dropped := dropped + 1;
    END IF;
  END LOOP;
  EXECUTE format('DELETE FROM %I WHERE %I < %L::date', parent || '_default',
    CASE parent WHEN 'positions' THEN 'device_time' ELSE 't' END, before);
  RETURN dropped;
END $$;
REVOKE ALL ON FUNCTION drop_day_partitions_before(text, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION drop_day_partitions_before(text, date) TO chempark_app;

-- 2. Alarm audit trail: operators' comments and the manual clear.
-- `clear` is a transition (the alarm's version goes up, as with every transition). `comment` is not: the row
-- records the version the alarm had when the comment was made, and the alarm row is not touched, so consumers
-- that keep the highest (alarm id, version) are not disturbed. The unique (alarm_id, version) therefore holds
-- for transitions only.
ALTER TABLE alarm_events DROP CONSTRAINT alarm_events_event_check;
ALTER TABLE alarm_events ADD CONSTRAINT alarm_events_event_check
  CHECK (event IN ('raise', 'return_to_normal', 'acknowledge', 'shelve', 'unshelve', 'shelf_expired',
    'remove_from_service', 'return_to_service', 'suppress', 'unsuppress', 'escalate', 'clear', 'comment'));
ALTER TABLE alarm_events DROP CONSTRAINT alarm_events_alarm_id_version_key;
CREATE UNIQUE INDEX alarm_events_transition_uidx ON alarm_events (alarm_id, version) WHERE event <> 'comment';
CREATE INDEX alarm_events_alarm_idx ON alarm_events (alarm_id, id);
