-- 双重预防机制 (dual prevention): risk-graded control (风险分级管控) with LEC assessments and the four-colour risk
-- map, and hidden-danger investigation and rectification (隐患排查治理). /work/shared/domain/safety-standards.md
-- "Dual prevention": D = L × E × C; the colour of a D is configurable (usual mapping: > 320 red 重大风险,
-- > 160 orange 较大风险, > 70 yellow 一般风险, else blue 低风险). Hidden dangers follow the closed loop found →
-- rectification ordered (owner, deadline) → rectifying → acceptance requested → closed (销号) or sent back; a
-- 重大 hidden danger needs a governance plan, is listed for supervision (挂牌督办) and closes only with the
-- regulator's approval of a written application.

-- The colour bands: park-wide data the park admin edits. A D takes the colour of the highest band whose
-- d_above it exceeds; blue starts at 0 (every D is positive). Control level (管控层级) per colour.
CREATE TABLE risk_colour_bands (
  colour text PRIMARY KEY CHECK (colour IN ('red', 'orange', 'yellow', 'blue')),
  d_above numeric NOT NULL CHECK (d_above >= 0 AND d_above < 100000),
  label text NOT NULL CHECK (length(label) BETWEEN 1 AND 50),
  label_en text NOT NULL CHECK (length(label_en) BETWEEN 1 AND 50),
  control_level text NOT NULL CHECK (length(control_level) BETWEEN 1 AND 50),
  control_level_en text NOT NULL CHECK (length(control_level_en) BETWEEN 1 AND 50),
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (colour <> 'blue' OR d_above = 0)
);
INSERT INTO risk_colour_bands (colour, d_above, label, label_en, control_level, control_level_en) VALUES
  ('red', 320, '重大风险', 'Major risk', '公司级', 'Company'),
  ('orange', 160, '较大风险', 'High risk', '部门(车间)级', 'Department'),
  ('yellow', 70, '一般风险', 'Moderate risk', '班组级', 'Team'),
  ('blue', 0, '低风险', 'Low risk', '岗位级', 'Post');

-- Risk units (风险单元): a part of an enterprise (a tank farm, a process building…), optionally pointing at the
-- park's assets it covers.
CREATE TABLE risk_units (
  id text PRIMARY KEY DEFAULT ('RU-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12))
    CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  enterprise_id text NOT NULL REFERENCES enterprises (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_en text CHECK (name_en IS NULL OR length(name_en) <= 200),
  unit_type text NOT NULL CHECK (unit_type IN ('tank_farm', 'process', 'warehouse', 'loading', 'utility', 'other')),
  -- 责任人
  responsible text CHECK (responsible IS NULL OR length(responsible) <= 100),
  note text CHECK (note IS NULL OR length(note) <= 2000),
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id, enterprise_id)
);
CREATE INDEX risk_units_enterprise_idx ON risk_units (enterprise_id);

CREATE TABLE risk_unit_assets (
  unit_id text NOT NULL,
  enterprise_id text NOT NULL,
  asset_id text NOT NULL REFERENCES assets (id),
  PRIMARY KEY (unit_id, asset_id),
  FOREIGN KEY (unit_id, enterprise_id) REFERENCES risk_units (id, enterprise_id) ON DELETE CASCADE
);
CREATE INDEX risk_unit_assets_asset_idx ON risk_unit_assets (asset_id);

-- Risk points (风险点): a place on the twin inside a unit, with its hazard (危险有害因素), possible accident and
-- control measures (管控措施). Its assessments are the LEC history; the current one is the latest.
CREATE TABLE risk_points (
  id text PRIMARY KEY DEFAULT ('RP-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12))
    CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  unit_id text NOT NULL,
  enterprise_id text NOT NULL REFERENCES enterprises (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_en text CHECK (name_en IS NULL OR length(name_en) <= 200),
  hazard text NOT NULL CHECK (length(hazard) BETWEEN 1 AND 1000),
  accident text CHECK (accident IS NULL OR length(accident) <= 200),
  measures text NOT NULL DEFAULT '' CHECK (length(measures) <= 4000),
  asset_id text REFERENCES assets (id),
  geom geometry(Point, 4326) NOT NULL,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id, enterprise_id),
  FOREIGN KEY (unit_id, enterprise_id) REFERENCES risk_units (id, enterprise_id)
);
CREATE INDEX risk_points_unit_idx ON risk_points (unit_id);
CREATE INDEX risk_points_enterprise_idx ON risk_points (enterprise_id);
CREATE INDEX risk_points_geom_gix ON risk_points USING gist (geom);

-- LEC values and what they mean are those of the standard (the pickers show them); D is stored generated.
CREATE TABLE risk_assessments (
  id bigserial PRIMARY KEY,
  point_id text NOT NULL,
  enterprise_id text NOT NULL,
  l numeric NOT NULL CHECK (l IN (10, 6, 3, 1, 0.5, 0.2, 0.1)),
  e numeric NOT NULL CHECK (e IN (10, 6, 3, 2, 1, 0.5)),
  c numeric NOT NULL CHECK (c IN (100, 40, 15, 7, 3, 1)),
  d numeric GENERATED ALWAYS AS (l * e * c) STORED,
  note text CHECK (note IS NULL OR length(note) <= 2000),
  assessed_by text,
  assessed_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (point_id, enterprise_id) REFERENCES risk_points (id, enterprise_id)
);
CREATE INDEX risk_assessments_point_idx ON risk_assessments (point_id, assessed_at DESC, id DESC);

-- Hidden dangers (隐患). state: found (登记, graded) → ordered (整改下达: owner, deadline) → rectifying →
-- acceptance_requested → closed (销号); sent back: acceptance_requested → rectifying. Overdue: the park day is
-- past the deadline and the record is not closed. closed_on_time: closed on or before the deadline.
CREATE TABLE hidden_dangers (
  id text PRIMARY KEY DEFAULT ('HD-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12))
    CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  enterprise_id text NOT NULL REFERENCES enterprises (id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
  location text CHECK (location IS NULL OR length(location) <= 200),
  geom geometry(Point, 4326),
  risk_point_id text,
  grade text NOT NULL CHECK (grade IN ('general', 'major')),
  category text NOT NULL DEFAULT 'other'
    CHECK (category IN ('equipment', 'process', 'electrical', 'fire', 'management', 'other')),
  source text NOT NULL CHECK (source IN ('self_check', 'park_inspection', 'regulator', 'report')),
  state text NOT NULL DEFAULT 'found'
    CHECK (state IN ('found', 'ordered', 'rectifying', 'acceptance_requested', 'closed')),
  found_at timestamptz NOT NULL DEFAULT now(),
  found_by text NOT NULL,
  -- the rectification order (整改通知): responsible person, deadline, requirement
  owner text CHECK (owner IS NULL OR length(owner) BETWEEN 1 AND 100),
  deadline date,
  requirement text CHECK (requirement IS NULL OR length(requirement) <= 2000),
  ordered_by text,
  ordered_at timestamptz,
  -- what was done (整改情况), given with the acceptance request
  rectification text CHECK (rectification IS NULL OR length(rectification) <= 4000),
  -- 重大隐患治理方案 {goal, measures, funds_wan_yuan, people, deadline, safety_measures, contingency}
  governance_plan jsonb CHECK (governance_plan IS NULL OR jsonb_typeof(governance_plan) = 'object'),
  -- 挂牌督办
  listed_at timestamptz,
  listed_by text,
  listing_ref text CHECK (listing_ref IS NULL OR length(listing_ref) <= 200),
  -- the regulator's approval of the written closing application (重大隐患销号)
  regulator_approval jsonb CHECK (regulator_approval IS NULL OR jsonb_typeof(regulator_approval) = 'object'),
  sent_back_count integer NOT NULL DEFAULT 0 CHECK (sent_back_count >= 0),
  closed_at timestamptz,
  closed_by text,
  closed_on_time boolean,
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id, enterprise_id),
  FOREIGN KEY (risk_point_id, enterprise_id) REFERENCES risk_points (id, enterprise_id),
  CHECK (state = 'found' OR (owner IS NOT NULL AND deadline IS NOT NULL)),
  CHECK ((state = 'closed') = (closed_at IS NOT NULL)),
  CHECK (grade = 'major' OR (listed_at IS NULL AND governance_plan IS NULL)),
  CHECK (state NOT IN ('rectifying', 'acceptance_requested', 'closed') OR grade = 'general'
         OR governance_plan IS NOT NULL),
  CHECK (state <> 'closed' OR grade = 'general' OR regulator_approval IS NOT NULL)
);
CREATE INDEX hidden_dangers_enterprise_idx ON hidden_dangers (enterprise_id, state);
CREATE INDEX hidden_dangers_open_idx ON hidden_dangers (deadline) WHERE state <> 'closed';

-- Every step of a hidden danger, in order (the timeline).
CREATE TABLE hidden_danger_events (
  id bigserial PRIMARY KEY,
  hidden_danger_id text NOT NULL,
  enterprise_id text NOT NULL,
  action text NOT NULL CHECK (action IN ('report', 'order', 'start', 'request_acceptance', 'verify', 'send_back',
                                         'supervise', 'plan', 'photo')),
  from_state text,
  to_state text NOT NULL,
  actor text NOT NULL,
  actor_role text NOT NULL,
  note text CHECK (note IS NULL OR length(note) <= 4000),
  detail jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(detail) = 'object'),
  at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (hidden_danger_id, enterprise_id) REFERENCES hidden_dangers (id, enterprise_id)
);
CREATE INDEX hidden_danger_events_hd_idx ON hidden_danger_events (hidden_danger_id, at, id);

-- Photos of the finding and of the rectification: JPEG / PNG / WebP only (magic bytes checked by the service),
-- a few per hidden danger, each at most 5 MiB. The bytes are in the platform's blob store (file_blobs, created by
-- 0025_documents.sql, hence no foreign key here): the photo row and its blob are written in one transaction.
CREATE TABLE hidden_danger_photos (
  id text PRIMARY KEY DEFAULT ('HDP-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12))
    CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  hidden_danger_id text NOT NULL,
  enterprise_id text NOT NULL,
  stage text NOT NULL CHECK (stage IN ('finding', 'rectification')),
  filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 200),
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  size_bytes integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 5242880),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  blob_id uuid NOT NULL UNIQUE,
  uploaded_by text NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (hidden_danger_id, enterprise_id) REFERENCES hidden_dangers (id, enterprise_id)
);
CREATE INDEX hidden_danger_photos_hd_idx ON hidden_danger_photos (hidden_danger_id, uploaded_at);

-- Grants: records are never deleted by the app (a unit's asset links are replaced).
GRANT SELECT, UPDATE ON risk_colour_bands TO chempark_app;
GRANT SELECT, INSERT, UPDATE ON risk_units, risk_points, hidden_dangers TO chempark_app;
GRANT SELECT, INSERT, DELETE ON risk_unit_assets TO chempark_app;
GRANT SELECT, INSERT ON risk_assessments, hidden_danger_events, hidden_danger_photos TO chempark_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO chempark_app;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['risk_units', 'risk_unit_assets', 'risk_points', 'risk_assessments', 'hidden_dangers',
                           'hidden_danger_events', 'hidden_danger_photos']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_read ON %I FOR SELECT TO chempark_app USING (app_can_read(enterprise_id))', t);
    EXECUTE format('CREATE POLICY tenant_insert ON %I FOR INSERT TO chempark_app WITH CHECK (app_can_write(enterprise_id))', t);
    EXECUTE format('CREATE POLICY tenant_update ON %I FOR UPDATE TO chempark_app USING (app_can_write(enterprise_id)) WITH CHECK (app_can_write(enterprise_id))', t);
  END LOOP;
END $$;
CREATE POLICY tenant_delete ON risk_unit_assets FOR DELETE TO chempark_app USING (app_can_write(enterprise_id));

-- The bands are park data: every signed-in scope reads them, only the park changes them.
ALTER TABLE risk_colour_bands ENABLE ROW LEVEL SECURITY;
ALTER TABLE risk_colour_bands FORCE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON risk_colour_bands FOR SELECT TO chempark_app
  USING (app_scope() IN ('park', 'enterprise'));
CREATE POLICY park_writes ON risk_colour_bands FOR UPDATE TO chempark_app
  USING (app_scope() = 'park') WITH CHECK (app_scope() = 'park');
