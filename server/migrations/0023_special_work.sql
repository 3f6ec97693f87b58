-- Special work (特殊作业, GB 30871-2022): filings to the park (报备), work permits (作业许可证) of the eight types,
-- their gas analyses (气体分析) and their log (signatures, transitions, gas alarms nearby), the park's work
-- calendar (public holidays and make-up workdays, which raise a hot-work grade by one) and the park's settings
-- for the rules (gas pass criteria, analysis age, radius of the gas linkage). Rules live in
-- server/modules/permits/permit-rules.ts; constants in /work/shared/domain/safety-standards.md "Special work".

-- Filing (报备): an enterprise tells the park about a planned special work (type, place, window) before it starts.
-- A permit links to its filing; the spot checks compare both ("filed, no permit", "permit, not filed").
CREATE TABLE work_filings (
  id text PRIMARY KEY DEFAULT ('WF-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12))
    CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  enterprise_id text NOT NULL REFERENCES enterprises (id),
  work_type text NOT NULL CHECK (work_type IN ('hot_work', 'confined_space', 'blind_plate', 'height', 'lifting',
    'temporary_power', 'excavation', 'road_closure')),
  place text NOT NULL CHECK (length(place) BETWEEN 1 AND 200),
  geom geometry(Point, 4326),
  window_from timestamptz NOT NULL,
  window_to timestamptz NOT NULL,
  contact text CHECK (contact IS NULL OR length(contact) <= 100),
  note text CHECK (note IS NULL OR length(note) <= 2000),
  status text NOT NULL DEFAULT 'filed' CHECK (status IN ('filed', 'withdrawn')),
  filed_by text,
  filed_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (window_to > window_from)
);
CREATE INDEX work_filings_window_idx ON work_filings (window_from, window_to) WHERE status = 'filed';
CREATE INDEX work_filings_enterprise_idx ON work_filings (enterprise_id, work_type);

-- The permit. Grade: hot work 特级 special / 一级 first / 二级 second; height work 一级 first / 二级 second /
-- 三级 third / 特级 special; other types none. The grade is computed by the service from the location facts and
-- the window (night, holidays and rest days raise a hot-work grade by one) and stored with its reasons.
CREATE TABLE work_permits (
  id text PRIMARY KEY DEFAULT ('WP-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12))
    CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  -- 作业证编号
  number text NOT NULL UNIQUE CHECK (length(number) BETWEEN 1 AND 64),
  enterprise_id text NOT NULL REFERENCES enterprises (id),
  work_type text NOT NULL CHECK (work_type IN ('hot_work', 'confined_space', 'blind_plate', 'height', 'lifting',
    'temporary_power', 'excavation', 'road_closure')),
  status text NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'applied', 'approved', 'in_work', 'completed', 'accepted', 'cancelled')),
  grade text CHECK (grade IS NULL OR grade IN ('special', 'first', 'second', 'third')),
  -- [{code, zh, en}] why the grade is what it is (location facts, night, rest day)
  grade_reasons jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(grade_reasons) = 'array'),
  -- location facts {fire_explosion_area, running_equipment, flammable_major_hazard_dike, pipe_rack} as declared,
  -- plus the ones derived from the park's geometry (derived: [names])
  facts jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(facts) = 'object'),
  height_m double precision CHECK (height_m IS NULL OR height_m BETWEEN 0 AND 500),
  -- 动火方式 (hot work), 作业内容, 作业地点
  method text CHECK (method IS NULL OR length(method) <= 200),
  content text NOT NULL CHECK (length(content) BETWEEN 1 AND 2000),
  place text NOT NULL CHECK (length(place) BETWEEN 1 AND 200),
  geom geometry(Point, 4326) NOT NULL,
  window_from timestamptz NOT NULL,
  window_to timestamptz NOT NULL,
  applicant_unit text NOT NULL CHECK (length(applicant_unit) BETWEEN 1 AND 200),
  applicant text NOT NULL CHECK (length(applicant) BETWEEN 1 AND 100),
  -- 作业负责人, 作业人, 监护人 (fire watcher for hot work)
  responsible text NOT NULL CHECK (length(responsible) BETWEEN 1 AND 100),
  workers text[] NOT NULL CHECK (cardinality(workers) BETWEEN 1 AND 50),
  guardian text NOT NULL CHECK (length(guardian) BETWEEN 1 AND 100),
  -- 危害辨识, 安全措施 [{measure, confirmed_by}], 关联的其他特殊作业 (permit numbers)
  hazards text NOT NULL DEFAULT '' CHECK (length(hazards) <= 4000),
  safety_measures jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(safety_measures) = 'array'),
  linked_permits text[] NOT NULL DEFAULT '{}',
  -- confined space: the space is oxygen-enriched by design (O2 up to 23.5 % passes)
  oxygen_enriched boolean NOT NULL DEFAULT false,
  -- the analysis may be up to the extended age (60 min) before start instead of 30 min, with the reason
  extended_analysis_reason text CHECK (extended_analysis_reason IS NULL OR length(extended_analysis_reason) BETWEEN 1 AND 500),
  filing_id text REFERENCES work_filings (id),
  -- 审批 per level [{level, name, at, by}]; 当班班长验票 {name, at}; 完工验收 {name, at, note}
  signatures jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(signatures) = 'array'),
  shift_check jsonb CHECK (shift_check IS NULL OR jsonb_typeof(shift_check) = 'object'),
  acceptance jsonb CHECK (acceptance IS NULL OR jsonb_typeof(acceptance) = 'object'),
  started_at timestamptz,
  completed_at timestamptz,
  cancelled_at timestamptz,
  cancel_reason text CHECK (cancel_reason IS NULL OR length(cancel_reason) <= 500),
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (window_to > window_from),
  CHECK ((work_type IN ('hot_work', 'height')) = (grade IS NOT NULL)),
  CHECK (work_type <> 'height' OR height_m IS NOT NULL),
  CHECK (status NOT IN ('in_work', 'completed', 'accepted') OR started_at IS NOT NULL),
  CHECK (status NOT IN ('completed', 'accepted') OR completed_at IS NOT NULL),
  CHECK (status <> 'accepted' OR acceptance IS NOT NULL),
  CHECK (status <> 'cancelled' OR (cancelled_at IS NOT NULL AND cancel_reason IS NOT NULL))
);
CREATE INDEX work_permits_geom_gix ON work_permits USING gist (geom);
CREATE INDEX work_permits_open_idx ON work_permits (status, work_type) WHERE status IN ('approved', 'in_work');
CREATE INDEX work_permits_enterprise_idx ON work_permits (enterprise_id, window_from DESC);
CREATE INDEX work_permits_filing_idx ON work_permits (filing_id);

-- Gas analyses (气体分析): time, point, substance, value, unit, analyst. The pass check is computed on insert
-- against the criteria in force then (kept with the row: criteria edited later do not rewrite history).
CREATE TABLE work_permit_gas_analyses (
  id bigserial PRIMARY KEY,
  permit_id text NOT NULL REFERENCES work_permits (id),
  enterprise_id text NOT NULL REFERENCES enterprises (id),
  taken_at timestamptz NOT NULL,
  point text NOT NULL CHECK (length(point) BETWEEN 1 AND 200),
  substance text NOT NULL CHECK (length(substance) BETWEEN 1 AND 100),
  measure text NOT NULL CHECK (measure IN ('flammable', 'oxygen', 'toxic')),
  value double precision NOT NULL CHECK (value >= 0),
  unit text NOT NULL CHECK (unit IN ('%vol', '%LEL', 'ppm', 'mg/m3')),
  -- flammable: the substance's lower explosive limit in %vol; toxic: the limit in the value's unit
  lel_pct double precision CHECK (lel_pct IS NULL OR (lel_pct > 0 AND lel_pct <= 100)),
  limit_value double precision CHECK (limit_value IS NULL OR limit_value > 0),
  passed boolean NOT NULL,
  -- the rule applied, e.g. {"rule": "lel_ge_4", "max": 0.5, "unit": "%vol", "unconfirmed": true}
  criterion jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(criterion) = 'object'),
  analyst text NOT NULL CHECK (length(analyst) BETWEEN 1 AND 100),
  recorded_by text,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX work_permit_gas_permit_idx ON work_permit_gas_analyses (permit_id, taken_at DESC);

-- The permit's log: every transition and signature, gas analyses, and gas-detector alarms near active hot work.
-- (permit_id, kind, ref) is unique where ref is set: a gas alarm delivered twice is logged once.
CREATE TABLE work_permit_events (
  id bigserial PRIMARY KEY,
  permit_id text NOT NULL REFERENCES work_permits (id),
  enterprise_id text NOT NULL REFERENCES enterprises (id),
  at timestamptz NOT NULL DEFAULT now(),
  kind text NOT NULL CHECK (kind IN ('create', 'apply', 'sign', 'approve', 'start', 'complete', 'accept', 'cancel',
    'gas_analysis', 'gas_alarm')),
  by_user text,
  ref text,
  detail jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(detail) = 'object')
);
CREATE UNIQUE INDEX work_permit_events_ref_uq ON work_permit_events (permit_id, kind, ref) WHERE ref IS NOT NULL;
CREATE INDEX work_permit_events_permit_idx ON work_permit_events (permit_id, at);

-- The park's work calendar: public holidays (法定节假日, rest days) and make-up workdays (调休上班, which are
-- workdays although on a weekend). Saturdays and Sundays not listed as workdays are rest days. Seeded with the
-- State Council's 2026 arrangement; the park adds the next year's when it is published.
CREATE TABLE work_calendar (
  day date PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 50)
);
INSERT INTO work_calendar (day, kind, name)
SELECT d::date, 'holiday', n FROM (VALUES
  ('2026-01-01', '2026-01-03', '元旦'),
  ('2026-02-15', '2026-02-23', '春节'),
  ('2026-04-04', '2026-04-06', '清明节'),
  ('2026-05-01', '2026-05-05', '劳动节'),
  ('2026-06-19', '2026-06-21', '端午节'),
  ('2026-09-25', '2026-09-27', '中秋节'),
  ('2026-10-01', '2026-10-07', '国庆节')
) AS h (f, t, n), generate_series(f::date, t::date, interval '1 day') AS d
UNION ALL
SELECT d::date, 'workday', n FROM (VALUES
  ('2026-01-04', '元旦调休'),
  ('2026-02-14', '春节调休'),
  ('2026-02-28', '春节调休'),
  ('2026-05-09', '劳动节调休'),
  ('2026-09-20', '国庆节调休'),
  ('2026-10-10', '国庆节调休')
) AS w (d, n);

-- The park's settings of the rules (one row; keys missing fall back to the defaults in
-- server/contracts/permits.ts permitSettingsDefaults).
CREATE TABLE work_permit_settings (
  id text PRIMARY KEY DEFAULT 'park' CHECK (id = 'park'),
  settings jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(settings) = 'object'),
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO work_permit_settings (id) VALUES ('park');

-- Grants and row-level security as in 0019: an enterprise reads and writes its own filings, permits, analyses and
-- log; the park all of them. Nothing is deleted by the app. The calendar and settings are park data everyone
-- reads and only the park writes.
GRANT SELECT, INSERT, UPDATE ON work_filings, work_permits TO chempark_app;
GRANT SELECT, INSERT ON work_permit_gas_analyses, work_permit_events TO chempark_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON work_calendar TO chempark_app;
GRANT SELECT, UPDATE ON work_permit_settings TO chempark_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO chempark_app;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['work_filings', 'work_permits', 'work_permit_gas_analyses', 'work_permit_events']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_read ON %I FOR SELECT TO chempark_app USING (app_can_read(enterprise_id))', t);
    EXECUTE format('CREATE POLICY tenant_insert ON %I FOR INSERT TO chempark_app WITH CHECK (app_can_write(enterprise_id))', t);
    EXECUTE format('CREATE POLICY tenant_update ON %I FOR UPDATE TO chempark_app USING (app_can_write(enterprise_id)) WITH CHECK (app_can_write(enterprise_id))', t);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['work_calendar', 'work_permit_settings']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY everyone_reads ON %I FOR SELECT TO chempark_app USING (true)', t);
    EXECUTE format('CREATE POLICY park_writes ON %I FOR ALL TO chempark_app USING (app_scope() = ''park'') WITH CHECK (app_scope() = ''park'')', t);
  END LOOP;
END $$;
