-- 安全基础管理 (basic safety management), after the module outline of 《化工园区安全风险智能化管控平台建设指南（试行）》
-- (/work/shared/domain/safety-standards.md): enterprise profiles beside the seeded `enterprises` rows, administrative
-- licences (行政许可) with their validity, start-up / shutdown / major overhaul records (开停车和大检修), third-party
-- contractors (承包商) with their people and entry approvals, and the park's settings of the module.
--
-- The `enterprises` columns keep their meaning (credit code, industry, processes, risk); everything else an
-- enterprise record holds lives in `enterprise_profiles`, one row per enterprise.

-- Park settings of this module (one row, id 1). Park-wide (enterprise_id null): every account reads them, only the
-- park writes them.
CREATE TABLE safety_basics_settings (
  id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  enterprise_id text CHECK (enterprise_id IS NULL),
  -- a licence within this many days of its expiry is 'expiring' (renewal is applied ≥ 3 months ahead)
  licence_warn_days integer NOT NULL DEFAULT 90 CHECK (licence_warn_days BETWEEN 1 AND 365),
  -- more overhauls than this at the same time across the park is a conflict warning
  park_overhaul_limit integer NOT NULL DEFAULT 3 CHECK (park_overhaul_limit BETWEEN 1 AND 100),
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO safety_basics_settings (id) VALUES (1);

CREATE TABLE enterprise_profiles (
  enterprise_id text PRIMARY KEY REFERENCES enterprises (id),
  legal_representative text CHECK (length(legal_representative) BETWEEN 1 AND 50),
  -- 主要负责人 and 分管安全负责人
  main_responsible text CHECK (length(main_responsible) BETWEEN 1 AND 50),
  main_responsible_phone text CHECK (main_responsible_phone ~ '^[0-9+() -]{5,20}$'),
  safety_director text CHECK (length(safety_director) BETWEEN 1 AND 50),
  safety_director_phone text CHECK (safety_director_phone ~ '^[0-9+() -]{5,20}$'),
  -- full-time safety staff (专职安全管理人员)
  safety_staff_count integer NOT NULL DEFAULT 0 CHECK (safety_staff_count BETWEEN 0 AND 100000),
  -- 注册安全工程师: [{name, certificate_no, expires_on, specialty?}]
  safety_engineers jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(safety_engineers) = 'array'),
  employees integer CHECK (employees BETWEEN 0 AND 1000000),
  established_on date,
  address text CHECK (length(address) <= 200),
  -- 安全生产标准化等级: 一级 / 二级 / 三级 / 无
  standardization_grade text CHECK (standardization_grade IN ('1', '2', '3', 'none')),
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (employees IS NULL OR safety_staff_count <= employees)
);

-- Administrative licences: 安全生产许可证, 危险化学品经营许可证, 危险化学品安全使用许可证, 危险化学品登记证, 排污许可证 …
-- Status (valid / expiring / expired) is computed against the park day and the settings' warning window.
CREATE TABLE licences (
  id text PRIMARY KEY DEFAULT ('LIC-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12))
    CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  enterprise_id text NOT NULL REFERENCES enterprises (id),
  kind text NOT NULL CHECK (kind IN ('safety_production', 'hazchem_operation', 'hazchem_use',
    'hazchem_registration', 'pollutant_discharge', 'other')),
  -- the licence's name when kind is 'other'
  title text CHECK (length(title) BETWEEN 1 AND 100),
  number text NOT NULL CHECK (length(number) BETWEEN 1 AND 100),
  issuer text NOT NULL CHECK (length(issuer) BETWEEN 1 AND 200),
  scope text NOT NULL CHECK (length(scope) BETWEEN 1 AND 2000),
  valid_from date NOT NULL,
  valid_to date NOT NULL,
  -- cancelled (注销) licences are kept as history and raise no reminder
  cancelled boolean NOT NULL DEFAULT false,
  note text CHECK (length(note) <= 2000),
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kind, number),
  CHECK (valid_to > valid_from),
  CHECK ((kind = 'other') = (title IS NOT NULL))
);
CREATE INDEX licences_enterprise_idx ON licences (enterprise_id, kind);
CREATE INDEX licences_valid_to_idx ON licences (valid_to) WHERE NOT cancelled;

-- 开停车和大检修: a start-up, shutdown or major overhaul of one unit (装置) in a planned window.
CREATE TABLE operations_records (
  id text PRIMARY KEY DEFAULT ('OPR-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12))
    CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  enterprise_id text NOT NULL REFERENCES enterprises (id),
  kind text NOT NULL CHECK (kind IN ('startup', 'shutdown', 'overhaul')),
  unit text NOT NULL CHECK (length(unit) BETWEEN 1 AND 100),
  -- the building (process unit) on the twin, when known
  asset_id text REFERENCES assets (id),
  planned_start timestamptz NOT NULL,
  planned_end timestamptz NOT NULL,
  actual_start timestamptz,
  actual_end timestamptz,
  responsible_person text NOT NULL CHECK (length(responsible_person) BETWEEN 1 AND 50),
  responsible_phone text CHECK (responsible_phone ~ '^[0-9+() -]{5,20}$'),
  safety_measures text[] NOT NULL CHECK (cardinality(safety_measures) BETWEEN 1 AND 50),
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'completed', 'cancelled')),
  note text CHECK (length(note) <= 2000),
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (planned_end > planned_start),
  CHECK (actual_end IS NULL OR (actual_start IS NOT NULL AND actual_end > actual_start)),
  CHECK (status NOT IN ('in_progress', 'completed') OR actual_start IS NOT NULL),
  CHECK (status <> 'completed' OR actual_end IS NOT NULL)
);
CREATE INDEX operations_records_enterprise_idx ON operations_records (enterprise_id, unit);
CREATE INDEX operations_records_window_idx ON operations_records (planned_start, planned_end);

-- 承包商: a third-party company working for one enterprise.
CREATE TABLE contractors (
  id text PRIMARY KEY DEFAULT ('CTR-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12))
    CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  enterprise_id text NOT NULL REFERENCES enterprises (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  credit_code text CHECK (credit_code ~ '^[0-9A-Z]{18}$'),
  contact_person text CHECK (length(contact_person) BETWEEN 1 AND 50),
  phone text CHECK (phone ~ '^[0-9+() -]{5,20}$'),
  service_scope text NOT NULL CHECK (length(service_scope) BETWEEN 1 AND 500),
  -- 资质证书: [{name, number, expires_on}]
  qualifications jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(qualifications) = 'array'),
  blacklisted boolean NOT NULL DEFAULT false,
  blacklist_reason text CHECK (length(blacklist_reason) BETWEEN 1 AND 500),
  blacklisted_at timestamptz,
  blacklisted_by text,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (enterprise_id, name),
  CHECK (blacklisted = (blacklist_reason IS NOT NULL)),
  CHECK (blacklisted = (blacklisted_at IS NOT NULL))
);
CREATE INDEX contractors_credit_code_idx ON contractors (credit_code);

-- A contractor's people and their safety training (入厂安全教育) and special-work certificate.
CREATE TABLE contractor_people (
  id text PRIMARY KEY DEFAULT ('CTP-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12))
    CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  contractor_id text NOT NULL REFERENCES contractors (id) ON DELETE CASCADE,
  enterprise_id text NOT NULL REFERENCES enterprises (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  job text CHECK (length(job) BETWEEN 1 AND 50),
  phone text CHECK (phone ~ '^[0-9+() -]{5,20}$'),
  trained_on date,
  training_valid_to date,
  certificate_no text CHECK (length(certificate_no) BETWEEN 1 AND 100),
  certificate_expires date,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (training_valid_to IS NULL OR (trained_on IS NOT NULL AND training_valid_to > trained_on)),
  CHECK ((certificate_no IS NULL) = (certificate_expires IS NULL))
);
CREATE INDEX contractor_people_contractor_idx ON contractor_people (contractor_id);

-- 入厂审批: a contractor's request to work on site in a window, with the people it brings.
CREATE TABLE contractor_entries (
  id text PRIMARY KEY DEFAULT ('CTE-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12))
    CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  contractor_id text NOT NULL REFERENCES contractors (id),
  enterprise_id text NOT NULL REFERENCES enterprises (id),
  work text NOT NULL CHECK (length(work) BETWEEN 1 AND 500),
  area text CHECK (length(area) BETWEEN 1 AND 200),
  valid_from date NOT NULL,
  valid_to date NOT NULL,
  person_ids text[] NOT NULL CHECK (cardinality(person_ids) BETWEEN 1 AND 500),
  status text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'approved', 'rejected')),
  decided_by text,
  decided_at timestamptz,
  decision_note text CHECK (length(decision_note) <= 500),
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_to >= valid_from),
  CHECK ((status = 'requested') = (decided_at IS NULL))
);
CREATE INDEX contractor_entries_contractor_idx ON contractor_entries (contractor_id, valid_from DESC);

-- Grants and row-level security as in 0004/0019: an enterprise reads and writes its own rows, and reads the
-- park-wide settings; the park reads and writes all. Licences, records and entries are never deleted by the app
-- (cancelled / rejected instead); people may be removed from a contractor.
GRANT SELECT, UPDATE ON safety_basics_settings TO chempark_app;
GRANT SELECT, INSERT, UPDATE ON enterprise_profiles, licences, operations_records, contractors, contractor_entries
  TO chempark_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON contractor_people TO chempark_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO chempark_app;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['safety_basics_settings', 'enterprise_profiles', 'licences', 'operations_records',
                           'contractors', 'contractor_people', 'contractor_entries']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_read ON %I FOR SELECT TO chempark_app USING (app_can_read(enterprise_id))', t);
    EXECUTE format('CREATE POLICY tenant_insert ON %I FOR INSERT TO chempark_app WITH CHECK (app_can_write(enterprise_id))', t);
    EXECUTE format('CREATE POLICY tenant_update ON %I FOR UPDATE TO chempark_app USING (app_can_write(enterprise_id)) WITH CHECK (app_can_write(enterprise_id))', t);
  END LOOP;
END $$;
CREATE POLICY tenant_delete ON contractor_people FOR DELETE TO chempark_app USING (app_can_write(enterprise_id));

-- The park-wide overhaul limit needs every enterprise's overhaul windows, which RLS hides from an enterprise
-- account. This owner's function answers only the windows (no enterprise, unit or id) of the active overhauls
-- that overlap [from, to), reading them in park scope for the duration of the call (the SET clause is undone on
-- return, so the caller's scope is untouched).
CREATE OR REPLACE FUNCTION park_overhaul_windows(from_t timestamptz, to_t timestamptz)
RETURNS TABLE (planned_start timestamptz, planned_end timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public SET app.scope = 'park' AS $$
  SELECT o.planned_start, o.planned_end FROM operations_records o
   WHERE o.kind = 'overhaul' AND o.status IN ('planned', 'in_progress')
     AND o.planned_start < to_t AND o.planned_end > from_t
   ORDER BY o.planned_start
$$;
REVOKE ALL ON FUNCTION park_overhaul_windows(timestamptz, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION park_overhaul_windows(timestamptz, timestamptz) TO chempark_app;
