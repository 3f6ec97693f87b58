-- Grants to the app role and row-level security (deny by default, FORCE so owners are bound too).
GRANT SELECT ON parks, road_nodes, roads TO chempark_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON enterprises, assets, zones, tags, sensors, documents, users, sessions TO chempark_app;
GRANT SELECT, INSERT ON positions, readings TO chempark_app;
GRANT SELECT, INSERT, UPDATE ON alarms, outbox TO chempark_app;
GRANT SELECT, INSERT ON audit_log TO chempark_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO chempark_app;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['enterprises', 'assets', 'zones', 'tags', 'sensors', 'positions', 'readings',
                           'alarms', 'outbox', 'documents', 'audit_log']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_read ON %I FOR SELECT TO chempark_app USING (app_can_read(enterprise_id))', t);
    EXECUTE format('CREATE POLICY tenant_insert ON %I FOR INSERT TO chempark_app WITH CHECK (app_can_write(enterprise_id))', t);
    EXECUTE format('CREATE POLICY tenant_update ON %I FOR UPDATE TO chempark_app USING (app_can_write(enterprise_id)) WITH CHECK (app_can_write(enterprise_id))', t);
    EXECUTE format('CREATE POLICY tenant_delete ON %I FOR DELETE TO chempark_app USING (app_can_write(enterprise_id))', t);
  END LOOP;
END $$;

-- Accounts and sessions are park business: only park scope reads or writes them (login runs in park
-- scope on the server's behalf).
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY park_only ON users TO chempark_app USING (app_scope() = 'park') WITH CHECK (app_scope() = 'park');
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY park_only ON sessions TO chempark_app USING (app_scope() = 'park') WITH CHECK (app_scope() = 'park');

-- Day partitions are created by the owner's function; the app may call it (SECURITY DEFINER).
CREATE OR REPLACE FUNCTION ensure_day_partitions(parent text, first_day date, days integer)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = public SET TimeZone = 'UTC' AS $$
DECLARE
  d date;
  part text;
  created integer := 0;
BEGIN
  IF parent NOT IN ('positions', 'readings') THEN
    RAISE EXCEPTION 'not a partitioned table: %', parent;
  END IF;
  FOR i IN 0 .. days - 1 LOOP
    d := first_day + i;
    part := format('%s_p%s', parent, to_char(d, 'YYYYMMDD'));
    IF to_regclass(part) IS NULL THEN
      -- rows already in the default partition for that day would block the attach: move them
      EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS)', part, parent);
      EXECUTE format(
        'WITH moved AS (DELETE FROM %I_default WHERE %s >= %L AND %s < %L RETURNING *) INSERT INTO %I SELECT * FROM moved',
        parent, CASE parent WHEN 'positions' THEN 'device_time' ELSE 't' END, d,
        CASE parent WHEN 'positions' THEN 'device_time' ELSE 't' END, d + 1, part);
      EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', parent, part, d, d + 1);
      created := created + 1;
    END IF;
  END LOOP;
  RETURN created;
END $$;
REVOKE ALL ON FUNCTION ensure_day_partitions(text, date, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ensure_day_partitions(text, date, integer) TO chempark_app;
