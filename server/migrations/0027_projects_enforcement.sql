-- Construction projects with their "三同时" stages (建设项目安全设施和职业病防护设施三同时), and the enforcement ledger
-- (执法台账): inspection plans, inspection records, administrative penalties, rectification notices (责令限期整改),
-- the enterprise's rectification records with evidence documents, and the park's re-inspections (复查).
--
-- 三同时 (/work/shared/domain/safety-standards.md): the safety and occupational-health facilities of a project are
-- designed, built and put into use at the same time as the main works. Each project has exactly four stages, in
-- order: design review 设计审查 → construction 施工 → trial run 试生产 → acceptance 竣工验收, each with its planned and
-- actual dates, its document (a row of the document store, 0025) and the reviewing authority's result. A trial run
-- of a hazardous-chemical project lasts 30 days to 1 year; the service and server/modules/projects/project-rules.ts
-- enforce the order, the window and the documents acceptance needs. The project's location is a Point or Polygon
-- inside its enterprise's parcel (enterprises.geom), checked by the service with PostGIS.
--
-- Enforcement: a notice is issued (下达) → the enterprise submits a rectification record (整改记录, evidence = document
-- ids) → the park re-inspects (复查): passed closes the notice, failed sends it back. A notice closes ONLY with a
-- passed re-inspection of a record that has evidence (checked below as well as in the service). Overdue = past the
-- deadline and not closed. Nothing here is deleted by the app.

CREATE TABLE construction_projects (
  id text PRIMARY KEY DEFAULT ('PRJ-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12))
    CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  enterprise_id text NOT NULL REFERENCES enterprises (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_en text CHECK (name_en IS NULL OR length(name_en) <= 200),
  -- 新建 / 扩建 / 改建
  project_type text NOT NULL CHECK (project_type IN ('new', 'expansion', 'renovation')),
  -- 危险化学品建设项目: trial run window 30 days – 1 year applies
  hazardous_chemical boolean NOT NULL DEFAULT false,
  -- 重点监管危险化工工艺 involved (names of the 18 processes)
  supervised_processes text[] NOT NULL DEFAULT '{}' CHECK (cardinality(supervised_processes) <= 18),
  -- constitutes a major hazard source (构成重大危险源)
  major_hazard boolean NOT NULL DEFAULT false,
  geom geometry(Geometry, 4326) NOT NULL CHECK (GeometryType(geom) IN ('POINT', 'POLYGON') AND ST_IsValid(geom)),
  -- 总投资 (万元)
  investment_wan_yuan numeric(14, 2) CHECK (investment_wan_yuan IS NULL OR investment_wan_yuan >= 0),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
  -- planned: no stage started; in_progress; completed: acceptance passed; suspended (停建) by the park
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'completed', 'suspended')),
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX construction_projects_enterprise_idx ON construction_projects (enterprise_id, status);
CREATE INDEX construction_projects_geom_gix ON construction_projects USING gist (geom);

CREATE TABLE project_stages (
  project_id text NOT NULL REFERENCES construction_projects (id),
  enterprise_id text NOT NULL REFERENCES enterprises (id),
  stage text NOT NULL CHECK (stage IN ('design_review', 'construction', 'trial_run', 'acceptance')),
  seq smallint NOT NULL CHECK (seq BETWEEN 1 AND 4),
  planned_start date,
  planned_end date,
  actual_start date,
  actual_end date,
  -- the stage's document (审查意见, 施工记录, 试生产方案/备案, 竣工验收报告) in the document store
  document_id text REFERENCES documents (id),
  -- reviewer / authority (审查单位、主管部门)
  authority text CHECK (authority IS NULL OR length(authority) BETWEEN 1 AND 200),
  result text CHECK (result IS NULL OR result IN ('passed', 'passed_with_conditions', 'failed')),
  note text CHECK (note IS NULL OR length(note) <= 2000),
  -- pending: not started; in_progress: started (or a failed result, to be redone); completed: ended and passed
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'in_progress', 'completed')),
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (project_id, stage),
  UNIQUE (project_id, seq),
  CHECK (planned_end IS NULL OR planned_start IS NULL OR planned_end >= planned_start),
  CHECK (actual_end IS NULL OR (actual_start IS NOT NULL AND actual_end >= actual_start)),
  CHECK ((state = 'completed') = (actual_end IS NOT NULL AND result IN ('passed', 'passed_with_conditions'))),
  CHECK ((state = 'pending') = (actual_start IS NULL))
);
CREATE INDEX project_stages_trial_idx ON project_stages (actual_start) WHERE stage = 'trial_run';

-- Inspection plans (检查计划): the park's own (no enterprise), never shown to enterprises.
CREATE TABLE inspection_plans (
  id text PRIMARY KEY DEFAULT ('IP-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12))
    CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  period_from date NOT NULL,
  period_to date NOT NULL,
  -- target enterprises (ids) and inspectors (names)
  targets text[] NOT NULL DEFAULT '{}' CHECK (cardinality(targets) <= 200),
  inspectors text[] NOT NULL DEFAULT '{}' CHECK (cardinality(inspectors) <= 50),
  focus text NOT NULL DEFAULT '' CHECK (length(focus) <= 2000),
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (period_to >= period_from)
);

-- Inspection records (检查记录).
CREATE TABLE inspections (
  id text PRIMARY KEY DEFAULT ('INS-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12))
    CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  enterprise_id text NOT NULL REFERENCES enterprises (id),
  plan_id text REFERENCES inspection_plans (id),
  inspected_on date NOT NULL,
  inspectors text[] NOT NULL CHECK (cardinality(inspectors) BETWEEN 1 AND 50),
  -- 检查类型: planned (计划检查), special (专项), complaint (举报核查), reinspection is recorded on the notice
  kind text NOT NULL DEFAULT 'planned' CHECK (kind IN ('planned', 'special', 'complaint', 'other')),
  findings text NOT NULL DEFAULT '' CHECK (length(findings) <= 8000),
  legal_basis text CHECK (legal_basis IS NULL OR length(legal_basis) <= 2000),
  issues_found integer NOT NULL DEFAULT 0 CHECK (issues_found BETWEEN 0 AND 1000),
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX inspections_enterprise_idx ON inspections (enterprise_id, inspected_on DESC);

-- Administrative penalties (行政处罚).
CREATE TABLE penalties (
  id text PRIMARY KEY DEFAULT ('PEN-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12))
    CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  enterprise_id text NOT NULL REFERENCES enterprises (id),
  inspection_id text REFERENCES inspections (id),
  -- 处罚决定书文号
  decision_no text NOT NULL UNIQUE CHECK (length(decision_no) BETWEEN 1 AND 100),
  -- 警告, 罚款, 没收违法所得, 责令停产停业, 暂扣或吊销许可证, 其他
  penalty_type text NOT NULL CHECK (penalty_type IN ('warning', 'fine', 'confiscation', 'suspension',
    'licence_revocation', 'other')),
  amount_yuan numeric(14, 2) CHECK (amount_yuan IS NULL OR amount_yuan >= 0),
  legal_basis text NOT NULL CHECK (length(legal_basis) BETWEEN 1 AND 2000),
  facts text NOT NULL DEFAULT '' CHECK (length(facts) <= 4000),
  decided_on date NOT NULL,
  -- decided 已决定 → executed 已执行 | under_review 复议/诉讼中 | revoked 已撤销
  status text NOT NULL DEFAULT 'decided' CHECK (status IN ('decided', 'under_review', 'executed', 'revoked')),
  executed_on date,
  document_id text REFERENCES documents (id),
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (penalty_type <> 'fine' OR amount_yuan > 0),
  CHECK ((status = 'executed') = (executed_on IS NOT NULL))
);
CREATE INDEX penalties_enterprise_idx ON penalties (enterprise_id, decided_on DESC);

-- Rectification notices (责令限期整改指令书).
CREATE TABLE rectification_notices (
  id text PRIMARY KEY DEFAULT ('RN-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12))
    CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  enterprise_id text NOT NULL REFERENCES enterprises (id),
  inspection_id text REFERENCES inspections (id),
  notice_no text NOT NULL UNIQUE CHECK (length(notice_no) BETWEEN 1 AND 100),
  -- the items to rectify, each a line of the notice
  items text[] NOT NULL CHECK (cardinality(items) BETWEEN 1 AND 50),
  legal_basis text CHECK (legal_basis IS NULL OR length(legal_basis) <= 2000),
  issued_on date NOT NULL,
  issued_by text NOT NULL CHECK (length(issued_by) BETWEEN 1 AND 100),
  deadline date NOT NULL,
  -- issued 待整改 → submitted 已提交整改 → closed 复查通过销案; a failed re-inspection sends it back to issued
  state text NOT NULL DEFAULT 'issued' CHECK (state IN ('issued', 'submitted', 'closed')),
  sent_back_count integer NOT NULL DEFAULT 0 CHECK (sent_back_count >= 0),
  closed_on date,
  -- the rectification of the accepted record was done on or before the deadline
  closed_on_time boolean,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (deadline >= issued_on),
  CHECK ((state = 'closed') = (closed_on IS NOT NULL AND closed_on_time IS NOT NULL))
);
CREATE INDEX rectification_notices_enterprise_idx ON rectification_notices (enterprise_id, state, deadline);

-- The enterprise's rectification records (整改记录).
CREATE TABLE rectification_records (
  id bigserial PRIMARY KEY,
  notice_id text NOT NULL REFERENCES rectification_notices (id),
  enterprise_id text NOT NULL REFERENCES enterprises (id),
  measures text NOT NULL CHECK (length(measures) BETWEEN 1 AND 8000),
  completed_on date NOT NULL,
  submitted_by text NOT NULL,
  submitted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rectification_records_notice_idx ON rectification_records (notice_id, id DESC);

-- Evidence of a record: documents of the store (photos, reports), owned by the enterprise or the project.
CREATE TABLE rectification_evidence (
  record_id bigint NOT NULL REFERENCES rectification_records (id),
  enterprise_id text NOT NULL REFERENCES enterprises (id),
  document_id text NOT NULL REFERENCES documents (id),
  PRIMARY KEY (record_id, document_id)
);

-- Re-inspections (复查) by the park.
CREATE TABLE reinspections (
  id bigserial PRIMARY KEY,
  notice_id text NOT NULL REFERENCES rectification_notices (id),
  enterprise_id text NOT NULL REFERENCES enterprises (id),
  record_id bigint NOT NULL REFERENCES rectification_records (id),
  inspected_on date NOT NULL,
  inspectors text[] NOT NULL CHECK (cardinality(inspectors) BETWEEN 1 AND 50),
  result text NOT NULL CHECK (result IN ('passed', 'failed')),
  opinion text NOT NULL DEFAULT '' CHECK (length(opinion) <= 4000),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reinspections_notice_idx ON reinspections (notice_id, id DESC);

-- Closed only with evidence and a passed re-inspection (the service says so first, with a 409; this is the
-- database's own guarantee).
CREATE FUNCTION rectification_notice_close_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.state = 'closed' AND OLD.state IS DISTINCT FROM 'closed' AND NOT EXISTS (
    SELECT 1 FROM reinspections ri
      JOIN rectification_evidence ev ON ev.record_id = ri.record_id
     WHERE ri.notice_id = NEW.id AND ri.result = 'passed'
  ) THEN
    RAISE EXCEPTION 'rectification notice % closes only with evidence and a passed re-inspection', NEW.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'rectification_notice_close_guard';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER rectification_notice_close_guard BEFORE UPDATE ON rectification_notices
  FOR EACH ROW EXECUTE FUNCTION rectification_notice_close_guard();

GRANT SELECT, INSERT, UPDATE ON construction_projects, project_stages, penalties, rectification_notices
  TO chempark_app;
GRANT SELECT, INSERT ON inspection_plans, inspections, rectification_records, rectification_evidence,
  reinspections TO chempark_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO chempark_app;

-- Tenant tables as in 0019: an enterprise reads and writes its own rows, the park all (the routes decide which
-- role takes which step).
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['construction_projects', 'project_stages', 'inspections', 'penalties',
    'rectification_notices', 'rectification_records', 'rectification_evidence', 'reinspections']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_read ON %I FOR SELECT TO chempark_app USING (app_can_read(enterprise_id))', t);
    EXECUTE format('CREATE POLICY tenant_insert ON %I FOR INSERT TO chempark_app WITH CHECK (app_can_write(enterprise_id))', t);
    EXECUTE format('CREATE POLICY tenant_update ON %I FOR UPDATE TO chempark_app USING (app_can_write(enterprise_id)) WITH CHECK (app_can_write(enterprise_id))', t);
  END LOOP;
END $$;

-- Inspection plans are the park's alone.
ALTER TABLE inspection_plans ENABLE ROW LEVEL SECURITY;
ALTER TABLE inspection_plans FORCE ROW LEVEL SECURITY;
CREATE POLICY park_only ON inspection_plans TO chempark_app
  USING (app_scope() = 'park') WITH CHECK (app_scope() = 'park');
