-- Emergency plans (应急预案) and emergency resources (应急资源): teams, supplies, experts, shelters, depots.
--
-- Plan structure after GB/T 29639-2020: 综合预案 (comprehensive), 专项预案 (special), 现场处置方案 (on-site
-- disposal). Level is the organisational tier that owns the plan: park (园区级, enterprise_id null), enterprise
-- (企业级) or workshop (车间/岗位级). Drill and revision rules, /work/shared/domain/safety-standards.md
-- "Plans, drills and document validity": a comprehensive or special plan is drilled at least yearly, an on-site
-- disposal plan at least every six months; environmental plans are reviewed at least every 3 years with expert
-- review. The service enforces those maxima; the columns keep what each plan actually requires.
--
-- Versions: every revision is a new row of the same series (series_id = the first version's id). At most one
-- version of a series is in force (reviewed or filed); a revision that comes into force supersedes the others,
-- which stay as history.

CREATE TABLE emergency_plans (
  id text PRIMARY KEY DEFAULT ('EP-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12))
    CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  series_id text NOT NULL CHECK (series_id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  enterprise_id text REFERENCES enterprises (id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  title_en text CHECK (title_en IS NULL OR length(title_en) <= 200),
  kind text NOT NULL CHECK (kind IN ('comprehensive', 'special', 'onsite')),
  domain text NOT NULL CHECK (domain IN ('safety', 'environmental', 'natural_disaster')),
  level text NOT NULL CHECK (level IN ('park', 'enterprise', 'workshop')),
  version integer NOT NULL CHECK (version BETWEEN 1 AND 999),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'reviewed', 'filed', 'superseded')),
  -- {date, experts: [{name, title?, organisation?}], opinions, conclusion: passed|passed_with_changes|failed}
  expert_review jsonb CHECK (expert_review IS NULL OR jsonb_typeof(expert_review) = 'object'),
  filed_at date,
  filing_authority text CHECK (filing_authority IS NULL OR length(filing_authority) BETWEEN 1 AND 200),
  -- revision due (修订期限)
  valid_to date,
  drill_interval_months integer NOT NULL CHECK (drill_interval_months BETWEEN 1 AND 12),
  last_drill_at date,
  -- the next drill is due one interval after the last drill, or after filing when never drilled
  next_drill_due date GENERATED ALWAYS AS (
    (coalesce(last_drill_at, filed_at) + make_interval(months => drill_interval_months))::date
  ) STORED,
  -- document number (文号) or file reference, and the plan text in markdown
  document_ref text CHECK (document_ref IS NULL OR length(document_ref) <= 200),
  body text NOT NULL DEFAULT '' CHECK (length(body) <= 200000),
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (series_id, version),
  CHECK ((level = 'park') = (enterprise_id IS NULL)),
  CHECK (status <> 'filed' OR (filed_at IS NOT NULL AND filing_authority IS NOT NULL)),
  CHECK (status NOT IN ('reviewed', 'filed') OR expert_review IS NOT NULL),
  CHECK (valid_to IS NULL OR filed_at IS NULL OR valid_to > filed_at)
);
-- one version in force and one draft at a time per series
CREATE UNIQUE INDEX emergency_plans_one_in_force ON emergency_plans (series_id) WHERE status IN ('reviewed', 'filed');
CREATE UNIQUE INDEX emergency_plans_one_draft ON emergency_plans (series_id) WHERE status = 'draft';
CREATE INDEX emergency_plans_enterprise_idx ON emergency_plans (enterprise_id, kind);
CREATE INDEX emergency_plans_due_idx ON emergency_plans (next_drill_due) WHERE status IN ('reviewed', 'filed');

-- Plans attach to assets (tanks, tank farms, buildings…): clicking a tank shows its on-site disposal plan.
CREATE TABLE emergency_plan_assets (
  plan_id text NOT NULL REFERENCES emergency_plans (id) ON DELETE CASCADE,
  asset_id text NOT NULL REFERENCES assets (id),
  PRIMARY KEY (plan_id, asset_id)
);
CREATE INDEX emergency_plan_assets_asset_idx ON emergency_plan_assets (asset_id);

-- Drills held against a plan (演练记录); the plan's last_drill_at is the latest of them.
CREATE TABLE emergency_plan_drills (
  id bigserial PRIMARY KEY,
  plan_id text NOT NULL REFERENCES emergency_plans (id),
  enterprise_id text REFERENCES enterprises (id),
  drilled_on date NOT NULL,
  drill_type text NOT NULL CHECK (drill_type IN ('tabletop', 'functional', 'full_scale')),
  participants integer CHECK (participants IS NULL OR participants BETWEEN 1 AND 100000),
  note text CHECK (note IS NULL OR length(note) <= 2000),
  recorded_by text,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX emergency_plan_drills_plan_idx ON emergency_plan_drills (plan_id, drilled_on DESC);

-- Resources: rescue teams, supplies (at a depot), experts (no location), shelters, depots.
CREATE TABLE emergency_resources (
  id text PRIMARY KEY DEFAULT ('ER-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12))
    CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  kind text NOT NULL CHECK (kind IN ('team', 'supply', 'expert', 'shelter', 'depot')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_en text CHECK (name_en IS NULL OR length(name_en) <= 200),
  enterprise_id text REFERENCES enterprises (id),
  geom geometry(Point, 4326),
  -- team: size, leader, phone; supply: supply_type, quantity, unit, depot_id; expert: specialty, title,
  -- organisation, phone; shelter: capacity; depot: items
  props jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(props) = 'object'),
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (kind = 'expert' OR geom IS NOT NULL)
);
CREATE INDEX emergency_resources_geom_gix ON emergency_resources USING gist (geom);
CREATE INDEX emergency_resources_kind_idx ON emergency_resources (kind, enterprise_id);

-- Grants and row-level security as in 0004: an enterprise reads its own rows and the park-level ones (null
-- enterprise) and writes its own; the park reads and writes all. Plans and drills are never deleted by the app.
GRANT SELECT, INSERT, UPDATE ON emergency_plans, emergency_resources TO chempark_app;
GRANT SELECT, INSERT, DELETE ON emergency_plan_assets TO chempark_app;
GRANT SELECT, INSERT ON emergency_plan_drills TO chempark_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO chempark_app;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['emergency_plans', 'emergency_resources', 'emergency_plan_drills']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_read ON %I FOR SELECT TO chempark_app USING (app_can_read(enterprise_id))', t);
    EXECUTE format('CREATE POLICY tenant_insert ON %I FOR INSERT TO chempark_app WITH CHECK (app_can_write(enterprise_id))', t);
    EXECUTE format('CREATE POLICY tenant_update ON %I FOR UPDATE TO chempark_app USING (app_can_write(enterprise_id)) WITH CHECK (app_can_write(enterprise_id))', t);
  END LOOP;
END $$;

-- A link is visible with its plan and written by whoever may write the plan.
ALTER TABLE emergency_plan_assets ENABLE ROW LEVEL SECURITY;
ALTER TABLE emergency_plan_assets FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_read ON emergency_plan_assets FOR SELECT TO chempark_app
  USING (EXISTS (SELECT 1 FROM emergency_plans p WHERE p.id = plan_id));
CREATE POLICY tenant_insert ON emergency_plan_assets FOR INSERT TO chempark_app
  WITH CHECK (EXISTS (SELECT 1 FROM emergency_plans p WHERE p.id = plan_id AND app_can_write(p.enterprise_id)));
CREATE POLICY tenant_delete ON emergency_plan_assets FOR DELETE TO chempark_app
  USING (EXISTS (SELECT 1 FROM emergency_plans p WHERE p.id = plan_id AND app_can_write(p.enterprise_id)));
