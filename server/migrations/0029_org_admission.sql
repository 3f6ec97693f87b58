-- Organisation chart (组织机构与安全生产责任体系) and admission assessment of new enterprises and projects (准入评估).
--
-- 1. org_nodes: the park's management responsibility chart, a tree of bodies (机构: 委员会 committee, 部门 department,
--    班组 team), posts (岗位, with their safety responsibilities 安全生产职责) and people (人员, phone, optional user
--    account). enterprise_id null = the park's own chart (everyone signed in reads it; the park writes it); the
--    column keeps the tenant rule so an enterprise's chart can live here too. Structure rules, checked by a trigger
--    (the service checks the same first, for a clear message): one root per chart and it is a body; a body or a post
--    hangs under a body; a person under a post or a body; parent and child in the same chart; a node never moves
--    under itself or its descendants (no cycle). Moves take a transaction-scoped advisory lock, so two concurrent
--    moves cannot build a cycle between them. Sibling order is `position`. Edit history: the audit log.
--
-- 2. Admission assessment: admission_catalogue is the editable catalogue of eliminated (淘汰类) and restricted (限制类)
--    processes and products. The rows seeded here are EXAMPLES (example = true), not the official list: the park
--    must replace them with the entries of the current 《产业结构调整指导目录》. admission_settings holds the minimum
--    safety distance (100 m, a PLACEHOLDER until the park sets the value its safety assessment requires) and which
--    planned land uses allow chemical production. zones get a planned_use attribute (they had none).
--    admission_applications keeps each application's inputs with the latest checklist result and verdict;
--    admission_assessments keeps every assessment run (inputs, settings, items, verdict) as history.

-- ---------- 1. organisation ----------

CREATE TABLE org_nodes (
  id text PRIMARY KEY DEFAULT ('ORG-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12))
    CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  enterprise_id text REFERENCES enterprises (id),
  parent_id text REFERENCES org_nodes (id),
  kind text NOT NULL CHECK (kind IN ('body', 'post', 'person')),
  body_type text CHECK (body_type IS NULL OR body_type IN ('committee', 'department', 'team')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  name_en text CHECK (name_en IS NULL OR length(name_en) BETWEEN 1 AND 200),
  -- a post's safety responsibilities (岗位安全生产职责); free text for bodies and people
  duties text NOT NULL DEFAULT '' CHECK (length(duties) <= 4000),
  phone text CHECK (phone IS NULL OR phone ~ '^[0-9+() -]{5,20}$'),
  user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  position integer NOT NULL DEFAULT 0 CHECK (position BETWEEN 0 AND 9999),
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'body') = (body_type IS NOT NULL)),
  CHECK (kind = 'person' OR (phone IS NULL AND user_id IS NULL)),
  CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX org_nodes_parent_idx ON org_nodes (parent_id, position);
CREATE UNIQUE INDEX org_nodes_one_root ON org_nodes (coalesce(enterprise_id, '')) WHERE parent_id IS NULL;

CREATE FUNCTION org_nodes_structure() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  parent_kind text;
  parent_enterprise text;
  found boolean;
  cur text;
  steps integer := 0;
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.kind <> OLD.kind THEN
    RAISE EXCEPTION 'org_nodes: the kind of % cannot change', NEW.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'org_nodes_kind_fixed';
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.enterprise_id IS DISTINCT FROM OLD.enterprise_id THEN
    RAISE EXCEPTION 'org_nodes: % cannot move to another chart', NEW.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'org_nodes_same_chart';
  END IF;
  -- one structural change at a time: concurrent moves cannot close a cycle between them
  PERFORM pg_advisory_xact_lock(hashtext('org_nodes.structure'));
  IF NEW.parent_id IS NULL THEN
    IF NEW.kind <> 'body' THEN
      RAISE EXCEPTION 'org_nodes: the root of a chart must be a body'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'org_nodes_parent_kind';
    END IF;
    RETURN NEW;
  END IF;
  SELECT kind, enterprise_id, true INTO parent_kind, parent_enterprise, found FROM org_nodes WHERE id = NEW.parent_id;
  IF found IS NULL THEN
    RETURN NEW; -- the foreign key reports the unknown parent
  END IF;
  IF parent_enterprise IS DISTINCT FROM NEW.enterprise_id THEN
    RAISE EXCEPTION 'org_nodes: parent % is in another chart', NEW.parent_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'org_nodes_same_chart';
  END IF;
  IF NOT (parent_kind = 'body' OR (NEW.kind = 'person' AND parent_kind = 'post')) THEN
    RAISE EXCEPTION 'org_nodes: a % cannot hang under a %', NEW.kind, parent_kind
      USING ERRCODE = 'check_violation', CONSTRAINT = 'org_nodes_parent_kind';
  END IF;
  IF TG_OP = 'UPDATE' THEN
    cur := NEW.parent_id;
    WHILE cur IS NOT NULL LOOP
      IF cur = NEW.id THEN
        RAISE EXCEPTION 'org_nodes: % cannot move under itself or its descendants', NEW.id
          USING ERRCODE = 'check_violation', CONSTRAINT = 'org_nodes_no_cycle';
      END IF;
      steps := steps + 1;
      IF steps > 100000 THEN
        RAISE EXCEPTION 'org_nodes: the tree above % is too deep', NEW.id
          USING ERRCODE = 'check_violation', CONSTRAINT = 'org_nodes_no_cycle';
      END IF;
      SELECT parent_id INTO cur FROM org_nodes WHERE id = cur;
    END LOOP;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER org_nodes_structure BEFORE INSERT OR UPDATE OF parent_id, kind, enterprise_id ON org_nodes
  FOR EACH ROW EXECUTE FUNCTION org_nodes_structure();

-- ---------- 2. admission assessment ----------

-- Planned land use of a zone (规划用途); null for control zones (tank-farm fences, speed zones, corridors…).
ALTER TABLE zones ADD COLUMN planned_use text
  CHECK (planned_use IS NULL OR planned_use IN ('chemical', 'storage_logistics', 'public_service', 'green_buffer',
                                                'reserved', 'residential'));

CREATE TABLE admission_catalogue (
  id text PRIMARY KEY DEFAULT ('AC-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12))
    CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  kind text NOT NULL CHECK (kind IN ('process', 'product')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  aliases text[] NOT NULL DEFAULT '{}' CHECK (cardinality(aliases) <= 20),
  -- 淘汰类 eliminated (refused) / 限制类 restricted (only upgrading of existing plants: a conditional verdict)
  level text NOT NULL CHECK (level IN ('eliminated', 'restricted')),
  -- where the entry comes from (catalogue, item number)
  basis text NOT NULL CHECK (length(basis) BETWEEN 1 AND 300),
  -- an example shipped with the platform, not an official entry
  example boolean NOT NULL DEFAULT false,
  note text CHECK (note IS NULL OR length(note) <= 1000),
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kind, name)
);
INSERT INTO admission_catalogue (id, kind, name, aliases, level, basis, example, note) VALUES
  ('AC-EX-HG-NAOH', 'process', '汞法烧碱', '{"水银法烧碱","mercury-cell chlor-alkali"}', 'eliminated',
   '示例条目（须替换为现行《产业结构调整指导目录》淘汰类条目）/ EXAMPLE entry', true, NULL),
  ('AC-EX-DIAPHRAGM', 'process', '隔膜法烧碱', '{"diaphragm chlor-alkali"}', 'eliminated',
   '示例条目（须替换为现行《产业结构调整指导目录》淘汰类条目）/ EXAMPLE entry', true, NULL),
  ('AC-EX-HGCAT-VCM', 'process', '高汞催化剂氯乙烯', '{"high-mercury catalyst VCM"}', 'eliminated',
   '示例条目（须替换为现行《产业结构调整指导目录》淘汰类条目）/ EXAMPLE entry', true, NULL),
  ('AC-EX-HCH', 'product', '六六六', '{"HCH","hexachlorocyclohexane"}', 'eliminated',
   '示例条目（须替换为现行《产业结构调整指导目录》淘汰类条目）/ EXAMPLE entry', true, NULL),
  ('AC-EX-DDT', 'product', '滴滴涕', '{"DDT"}', 'eliminated',
   '示例条目（须替换为现行《产业结构调整指导目录》淘汰类条目）/ EXAMPLE entry', true, NULL),
  ('AC-EX-CARBIDE-PVC', 'process', '电石法聚氯乙烯', '{"calcium carbide PVC"}', 'restricted',
   '示例条目（须替换为现行《产业结构调整指导目录》限制类条目）/ EXAMPLE entry', true,
   '新建装置受限，仅允许现有装置改造升级 / new plants restricted'),
  ('AC-EX-PHOSGENE', 'product', '光气', '{"phosgene","碳酰氯"}', 'restricted',
   '示例条目（须替换为现行《产业结构调整指导目录》限制类条目）/ EXAMPLE entry', true,
   '新建光气及光气化装置受限 / new phosgene units restricted');

CREATE TABLE admission_settings (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  -- minimum distance from a planned location to sensitive targets (metres); the default is a PLACEHOLDER
  min_distance_m double precision NOT NULL DEFAULT 100 CHECK (min_distance_m > 0 AND min_distance_m <= 10000),
  distance_is_placeholder boolean NOT NULL DEFAULT true,
  -- planned uses where chemical production is allowed, and those where it needs a plan adjustment (conditional)
  chemical_uses text[] NOT NULL DEFAULT '{chemical}',
  conditional_uses text[] NOT NULL DEFAULT '{reserved,storage_logistics}',
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO admission_settings DEFAULT VALUES;

CREATE TABLE admission_applications (
  id text PRIMARY KEY DEFAULT ('ADM-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12))
    CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  -- the existing enterprise a new project belongs to; null: a new enterprise (a park record until admitted)
  enterprise_id text REFERENCES enterprises (id),
  kind text NOT NULL CHECK (kind IN ('enterprise', 'project')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  applicant text NOT NULL CHECK (length(applicant) BETWEEN 1 AND 200),
  industry text NOT NULL CHECK (length(industry) BETWEEN 1 AND 100),
  -- products and chemicals with their maximum quantities: [{name, q_t}]
  products jsonb NOT NULL CHECK (jsonb_typeof(products) = 'array'),
  processes text[] NOT NULL DEFAULT '{}' CHECK (cardinality(processes) <= 50),
  geom geometry(Geometry, 4326) NOT NULL CHECK (GeometryType(geom) IN ('POINT', 'POLYGON') AND ST_IsValid(geom)),
  investment_wan double precision CHECK (investment_wan IS NULL OR (investment_wan >= 0 AND investment_wan <= 1e9)),
  -- people within 500 m outside the plant (GB 18218 α); null: the assessment estimates them
  exposed_people integer CHECK (exposed_people IS NULL OR exposed_people BETWEEN 0 AND 10000000),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
  verdict text NOT NULL CHECK (verdict IN ('pass', 'conditional', 'refuse')),
  -- the checklist: [{key, outcome, auto, reasons: [{zh, en}], data, decision?}]
  items jsonb NOT NULL CHECK (jsonb_typeof(items) = 'array'),
  assessed_at timestamptz NOT NULL DEFAULT now(),
  assessed_by text,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'project') = (enterprise_id IS NOT NULL))
);
CREATE INDEX admission_applications_enterprise_idx ON admission_applications (enterprise_id, created_at DESC);
CREATE INDEX admission_applications_geom_gix ON admission_applications USING gist (geom);

CREATE TABLE admission_assessments (
  id bigserial PRIMARY KEY,
  application_id text NOT NULL REFERENCES admission_applications (id),
  enterprise_id text REFERENCES enterprises (id),
  inputs jsonb NOT NULL CHECK (jsonb_typeof(inputs) = 'object'),
  settings jsonb NOT NULL CHECK (jsonb_typeof(settings) = 'object'),
  items jsonb NOT NULL CHECK (jsonb_typeof(items) = 'array'),
  verdict text NOT NULL CHECK (verdict IN ('pass', 'conditional', 'refuse')),
  assessed_by text,
  assessed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX admission_assessments_application_idx ON admission_assessments (application_id, assessed_at DESC);

-- ---------- grants and row-level security ----------

GRANT SELECT, INSERT, UPDATE, DELETE ON org_nodes TO chempark_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON admission_catalogue TO chempark_app;
GRANT SELECT, UPDATE ON admission_settings TO chempark_app;
GRANT SELECT, INSERT, UPDATE ON admission_applications TO chempark_app;
GRANT SELECT, INSERT ON admission_assessments TO chempark_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO chempark_app;

-- Tenant tables as in 0019: an enterprise reads its own rows and the park's (null enterprise), writes its own; the
-- park reads and writes all. Applications and assessments are never deleted by the app.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['org_nodes', 'admission_applications', 'admission_assessments']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_read ON %I FOR SELECT TO chempark_app USING (app_can_read(enterprise_id))', t);
    EXECUTE format('CREATE POLICY tenant_insert ON %I FOR INSERT TO chempark_app WITH CHECK (app_can_write(enterprise_id))', t);
    EXECUTE format('CREATE POLICY tenant_update ON %I FOR UPDATE TO chempark_app USING (app_can_write(enterprise_id)) WITH CHECK (app_can_write(enterprise_id))', t);
  END LOOP;
END $$;
CREATE POLICY tenant_delete ON org_nodes FOR DELETE TO chempark_app USING (app_can_write(enterprise_id));
-- An application of a new enterprise (no enterprise yet) is the park's business: enterprises never read it.
DROP POLICY tenant_read ON admission_applications;
CREATE POLICY tenant_read ON admission_applications FOR SELECT TO chempark_app
  USING (app_can_read(enterprise_id) AND (app_scope() = 'park' OR enterprise_id IS NOT NULL));
DROP POLICY tenant_read ON admission_assessments;
CREATE POLICY tenant_read ON admission_assessments FOR SELECT TO chempark_app
  USING (app_can_read(enterprise_id) AND (app_scope() = 'park' OR enterprise_id IS NOT NULL));

-- Park reference data: everyone signed in reads, the park writes (park_admin, checked by the routes).
ALTER TABLE admission_catalogue ENABLE ROW LEVEL SECURITY;
ALTER TABLE admission_catalogue FORCE ROW LEVEL SECURITY;
CREATE POLICY signed_in_read ON admission_catalogue FOR SELECT TO chempark_app USING (app_scope() IN ('park', 'enterprise'));
CREATE POLICY park_insert ON admission_catalogue FOR INSERT TO chempark_app WITH CHECK (app_scope() = 'park');
CREATE POLICY park_update ON admission_catalogue FOR UPDATE TO chempark_app
  USING (app_scope() = 'park') WITH CHECK (app_scope() = 'park');
CREATE POLICY park_delete ON admission_catalogue FOR DELETE TO chempark_app USING (app_scope() = 'park');
ALTER TABLE admission_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE admission_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY signed_in_read ON admission_settings FOR SELECT TO chempark_app USING (app_scope() IN ('park', 'enterprise'));
CREATE POLICY park_update ON admission_settings FOR UPDATE TO chempark_app
  USING (app_scope() = 'park') WITH CHECK (app_scope() = 'park');
