-- Major hazard sources (重大危险源), GB 18218-2018: the chemical catalogue (临界量 Q and 校正系数 β), the production and
-- storage units (生产单元 / 储存单元) with their inventories, the assessments (辨识 S = Σq/Q, 分级 R = α·Σβq/Q) kept as
-- history whenever an inventory changes, and the 包保 responsibility (主要负责人 / 技术负责人 / 操作负责人) with its
-- periodic checks. Numbers: /work/shared/domain/safety-standards.md "Major hazard sources". The grade itself is
-- computed by the server (server/modules/hazards/hazard-grading.ts) from current inventories; these tables hold
-- the inputs, the park-editable catalogue and the history.

-- 1. The catalogue (park-wide data the park admin edits; seeded by server/modules/hazards/hazard-catalogue.ts).
--    basis: 'named' = Q from GB 18218 table 1 (named substances), 'class' = Q by hazard class (table 2, W/J
--    classes), 'none' = not a GB 18218 substance (listed so the park's products resolve; contributes nothing).
--    unconfirmed: a value not in the project's confirmed domain notes; the UI says so.
CREATE TABLE major_hazard_chemicals (
  id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
  cas text CHECK (cas IS NULL OR cas ~ '^[0-9]{2,7}-[0-9]{2}-[0-9]$'),
  aliases text[] NOT NULL DEFAULT '{}',
  hazard_class text CHECK (hazard_class IS NULL OR hazard_class ~ '^(J[1-5]|W([1-9]|1[01])(\.[1-4])?)$'),
  q_t double precision CHECK (q_t IS NULL OR (q_t > 0 AND q_t <= 1000000)),
  beta double precision CHECK (beta IS NULL OR (beta > 0 AND beta <= 100)),
  basis text NOT NULL CHECK (basis IN ('named', 'class', 'none')),
  unconfirmed boolean NOT NULL DEFAULT false,
  note text CHECK (note IS NULL OR length(note) <= 1000),
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((basis = 'none') = (q_t IS NULL)),
  CHECK (basis = 'none' OR beta IS NOT NULL)
);
CREATE INDEX major_hazard_chemicals_cas_idx ON major_hazard_chemicals (cas);

-- 2. Staffing assumption for the exposed-population suggestion (persons per floor of a staffed building, by
--    buildings.props.use). A planning assumption, not from the standard: the park edits it, and each unit's
--    declared exposed_people (when set) governs α.
CREATE TABLE major_hazard_staffing (
  use text PRIMARY KEY CHECK (use ~ '^[a-z_]{1,32}$'),
  persons_per_floor double precision NOT NULL CHECK (persons_per_floor >= 0 AND persons_per_floor <= 1000)
);
INSERT INTO major_hazard_staffing (use, persons_per_floor) VALUES
  ('office', 20), ('lab', 8), ('control', 6), ('process', 4), ('warehouse', 2), ('utility', 1);

-- 3. Units: a storage unit is a tank farm (one dike; inventory = its tanks' props.inventory_t) or a warehouse; a
--    production unit is a process building whose inventory is kept in major_hazard_unit_items. One unit per asset.
--    registered_grade: the grade on record with the authority (备案); a computed grade that differs from it raises
--    the grade-change alarm until the unit is registered again.
CREATE TABLE major_hazard_units (
  id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  enterprise_id text NOT NULL REFERENCES enterprises (id),
  asset_id text NOT NULL UNIQUE REFERENCES assets (id),
  unit_kind text NOT NULL CHECK (unit_kind IN ('storage', 'production')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_en text CHECK (name_en IS NULL OR length(name_en) <= 200),
  -- people within 500 m outside the plant as the enterprise declares them; null: the server's suggestion is used
  exposed_people integer CHECK (exposed_people IS NULL OR exposed_people BETWEEN 0 AND 10000000),
  registered_grade text CHECK (registered_grade IS NULL OR registered_grade IN ('一级', '二级', '三级', '四级')),
  registered_on date,
  record_no text CHECK (record_no IS NULL OR length(record_no) BETWEEN 1 AND 100),
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX major_hazard_units_enterprise_idx ON major_hazard_units (enterprise_id);

-- Inventories of production units and warehouses: maximum quantity q (t) of each chemical present.
CREATE TABLE major_hazard_unit_items (
  unit_id text NOT NULL REFERENCES major_hazard_units (id) ON DELETE CASCADE,
  chemical_id text NOT NULL REFERENCES major_hazard_chemicals (id),
  enterprise_id text NOT NULL REFERENCES enterprises (id),
  q_t double precision NOT NULL CHECK (q_t >= 0 AND q_t <= 10000000),
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (unit_id, chemical_id)
);

-- 4. Assessments, historised: one row each time a unit's inventory, exposure or catalogue values change (and at
--    seeding). items: [{chemical_id, name, cas, q_t, Q_t, beta, ratio, source}] as computed.
CREATE TABLE major_hazard_assessments (
  id bigserial PRIMARY KEY,
  unit_id text NOT NULL REFERENCES major_hazard_units (id) ON DELETE CASCADE,
  enterprise_id text NOT NULL REFERENCES enterprises (id),
  s double precision NOT NULL CHECK (s >= 0),
  r double precision NOT NULL CHECK (r >= 0),
  alpha double precision NOT NULL CHECK (alpha > 0),
  exposed_people integer NOT NULL CHECK (exposed_people >= 0),
  grade text CHECK (grade IS NULL OR grade IN ('一级', '二级', '三级', '四级')),
  items jsonb NOT NULL CHECK (jsonb_typeof(items) = 'array'),
  reason text NOT NULL CHECK (reason IN ('seed', 'inventory', 'items', 'exposure', 'catalogue', 'periodic', 'registered')),
  assessed_by text,
  assessed_at timestamptz NOT NULL DEFAULT now(),
  CHECK (grade IS NULL OR s >= 1)
);
CREATE INDEX major_hazard_assessments_unit_idx ON major_hazard_assessments (unit_id, id DESC);

-- 5. 包保 responsibility: three named people per major hazard, each with a check interval (days; defaults
--    90 / 30 / 7 = quarterly / monthly / weekly, common practice, configurable per unit). assigned_on starts the
--    first interval when the person has not checked yet.
CREATE TABLE major_hazard_responsibles (
  unit_id text NOT NULL REFERENCES major_hazard_units (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('principal', 'technical', 'operational')),
  enterprise_id text NOT NULL REFERENCES enterprises (id),
  person_name text NOT NULL CHECK (length(person_name) BETWEEN 1 AND 100),
  position text CHECK (position IS NULL OR length(position) <= 100),
  phone text CHECK (phone IS NULL OR phone ~ '^[0-9+() -]{3,32}$'),
  interval_days integer NOT NULL CHECK (interval_days BETWEEN 1 AND 366),
  assigned_on date NOT NULL,
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (unit_id, role)
);

-- Check records (包保履职检查记录): who checked, when, what was found.
CREATE TABLE major_hazard_checks (
  id bigserial PRIMARY KEY,
  unit_id text NOT NULL REFERENCES major_hazard_units (id) ON DELETE CASCADE,
  enterprise_id text NOT NULL REFERENCES enterprises (id),
  role text NOT NULL CHECK (role IN ('principal', 'technical', 'operational')),
  checked_by text NOT NULL CHECK (length(checked_by) BETWEEN 1 AND 100),
  checked_on date NOT NULL,
  findings text NOT NULL CHECK (length(findings) BETWEEN 1 AND 4000),
  issues_found boolean NOT NULL DEFAULT false,
  recorded_by text,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX major_hazard_checks_unit_idx ON major_hazard_checks (unit_id, role, checked_on DESC);

-- Grants and row-level security as in 0019: an enterprise reads and writes its own rows; the park all. The
-- catalogue and the staffing table are park data: everyone signed in reads, only park scope writes.
GRANT SELECT, INSERT, UPDATE ON major_hazard_chemicals, major_hazard_staffing TO chempark_app;
GRANT SELECT, INSERT, UPDATE ON major_hazard_units, major_hazard_responsibles TO chempark_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON major_hazard_unit_items TO chempark_app;
GRANT SELECT, INSERT ON major_hazard_assessments, major_hazard_checks TO chempark_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO chempark_app;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['major_hazard_units', 'major_hazard_unit_items', 'major_hazard_assessments',
                           'major_hazard_responsibles', 'major_hazard_checks']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_read ON %I FOR SELECT TO chempark_app USING (app_can_read(enterprise_id))', t);
    EXECUTE format('CREATE POLICY tenant_insert ON %I FOR INSERT TO chempark_app WITH CHECK (app_can_write(enterprise_id))', t);
    EXECUTE format('CREATE POLICY tenant_update ON %I FOR UPDATE TO chempark_app USING (app_can_write(enterprise_id)) WITH CHECK (app_can_write(enterprise_id))', t);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['major_hazard_chemicals', 'major_hazard_staffing']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY signed_in_read ON %I FOR SELECT TO chempark_app USING (app_scope() IN (''park'', ''enterprise''))', t);
    EXECUTE format('CREATE POLICY park_insert ON %I FOR INSERT TO chempark_app WITH CHECK (app_scope() = ''park'')', t);
    EXECUTE format('CREATE POLICY park_update ON %I FOR UPDATE TO chempark_app USING (app_scope() = ''park'') WITH CHECK (app_scope() = ''park'')', t);
  END LOOP;
END $$;
CREATE POLICY tenant_delete ON major_hazard_unit_items FOR DELETE TO chempark_app USING (app_can_write(enterprise_id));

-- 6. The exposed-population suggestion: people in staffed buildings of OTHER enterprises (outside the unit's plant)
--    within 500 m of the unit's outline, floors × persons_per_floor by use. An enterprise cannot read other
--    enterprises' buildings, so this runs as the owner (SECURITY DEFINER, like ensure_day_partitions) and returns
--    only the count, and only for a unit asset the caller may read (checked with the caller's own scope settings,
--    which the function leaves untouched).
CREATE OR REPLACE FUNCTION major_hazard_exposed_suggestion(unit_asset text)
RETURNS TABLE (people integer, buildings integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
DECLARE
  owner_id text;
  found boolean;
BEGIN
  SELECT a.enterprise_id, true INTO owner_id, found FROM assets a WHERE a.id = unit_asset;
  IF found IS NULL OR NOT app_can_read(owner_id) THEN
    RETURN;
  END IF;
  RETURN QUERY
    SELECT coalesce(round(sum(greatest(coalesce((b.props->>'floors')::numeric, 1), 1) * s.persons_per_floor)), 0)::integer,
           count(*)::integer
      FROM assets u
      JOIN assets b ON b.kind = 'building' AND b.enterprise_id IS DISTINCT FROM u.enterprise_id
                   AND ST_DWithin(b.geom::geography, u.geom::geography, 500)
      JOIN major_hazard_staffing s ON s.use = b.props->>'use'
     WHERE u.id = unit_asset;
END $$;
REVOKE ALL ON FUNCTION major_hazard_exposed_suggestion(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION major_hazard_exposed_suggestion(text) TO chempark_app;
