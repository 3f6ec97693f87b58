-- Annual park evaluation (园区年度安全风险评估) per 《化工园区安全风险排查治理导则》 (应急〔2023〕123号).
--
-- The checklist is data the park loads and edits: elements (要素) with their points, items (条目) with what is
-- checked, scoring options or a deduction rule, the evidence required and the item's maximum. Only the first two
-- elements are confirmed here (设立 10 points, 选址及规划 38 points, /work/shared/domain/safety-standards.md); the
-- rest are placeholders the park must replace with the official text (`confirmed` false, shown in the UI).
--
-- Scores are kept in TENTHS OF A POINT as integers (7.5 points = 75), so totals are exact and 59.9 / 84.9 land in
-- the right grade. Grade bands are data with the 2023 defaults: < 60 A 高安全风险, 60–< 70 B 较高, 70–< 85 C 一般,
-- ≥ 85 D 较低 (a band holds every total from its min_tenths up to the next band's).
--
-- An evaluation (one per year) copies the active checklist when it is created (the rows keep the item text and
-- maximum they were scored against, whatever the park edits later), then gets one scored row per item with
-- findings, improvement advice and the next-year measure (一园一策: measure, owner, deadline), and evidence links
-- to documents of the document store (0025; no second file store). Status draft → submitted → approved; the
-- total and grade are frozen on approval.
--
-- These are park records, not enterprise records: no enterprise_id; only park scope reads or writes the
-- evaluations (an enterprise account sees nothing). The checklist and grade bands are read by everyone and
-- written by the park.

CREATE TABLE evaluation_grade_bands (
  edition text NOT NULL DEFAULT '2023' CHECK (edition ~ '^[A-Za-z0-9_.-]{1,32}$'),
  grade text NOT NULL CHECK (grade IN ('A', 'B', 'C', 'D')),
  -- the lowest total (tenths) of the band
  min_tenths integer NOT NULL CHECK (min_tenths BETWEEN 0 AND 1000),
  label text NOT NULL CHECK (length(label) BETWEEN 1 AND 50),
  label_en text NOT NULL CHECK (length(label_en) BETWEEN 1 AND 50),
  -- what the grade means for the park (A: no new hazardous-chemical projects; B: new projects restricted …)
  consequence text NOT NULL DEFAULT '' CHECK (length(consequence) <= 500),
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (edition, grade),
  UNIQUE (edition, min_tenths)
);
INSERT INTO evaluation_grade_bands (edition, grade, min_tenths, label, label_en, consequence) VALUES
  ('2023', 'A', 0, '高安全风险', 'high safety risk',
   '不得新建、改建、扩建危险化学品建设项目（安全隐患整改除外），限期整改'),
  ('2023', 'B', 600, '较高安全风险', 'fairly high safety risk', '限制新建、改建、扩建危险化学品建设项目'),
  ('2023', 'C', 700, '一般安全风险', 'moderate safety risk', '持续改进，按一园一策落实整改'),
  ('2023', 'D', 850, '较低安全风险', 'low safety risk', '保持并持续提升');

CREATE TABLE evaluation_elements (
  id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_.-]{1,32}$'),
  seq integer NOT NULL CHECK (seq BETWEEN 1 AND 999),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  name_en text CHECK (name_en IS NULL OR length(name_en) <= 100),
  max_tenths integer NOT NULL CHECK (max_tenths BETWEEN 1 AND 1000),
  -- true: name and points confirmed against the 导则; false: a placeholder to replace with the official text
  confirmed boolean NOT NULL DEFAULT false,
  note text NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
  active boolean NOT NULL DEFAULT true,
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE evaluation_items (
  id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_.-]{1,32}$'),
  element_id text NOT NULL REFERENCES evaluation_elements (id),
  seq integer NOT NULL CHECK (seq BETWEEN 1 AND 999),
  -- 条目编号 as printed (1.1, 2.3 …)
  item_no text NOT NULL CHECK (length(item_no) BETWEEN 1 AND 20),
  -- what is checked (排查内容)
  content text NOT NULL CHECK (length(content) BETWEEN 1 AND 1000),
  content_en text CHECK (content_en IS NULL OR length(content_en) <= 1000),
  -- {method: 'options', options: [{key, condition, condition_en?, points}]} or
  -- {method: 'deduction', rule, rule_en?, per_finding}; points here have at most one decimal (checked by the API)
  scoring jsonb NOT NULL CHECK (jsonb_typeof(scoring) = 'object' AND scoring->>'method' IN ('options', 'deduction')),
  -- evidence required (佐证材料)
  evidence text NOT NULL DEFAULT '' CHECK (length(evidence) <= 1000),
  max_tenths integer NOT NULL CHECK (max_tenths BETWEEN 1 AND 1000),
  active boolean NOT NULL DEFAULT true,
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (element_id, item_no)
);
CREATE INDEX evaluation_items_element_idx ON evaluation_items (element_id, seq);

CREATE TABLE park_evaluations (
  id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  year integer NOT NULL UNIQUE CHECK (year BETWEEN 2000 AND 2100),
  edition text NOT NULL DEFAULT '2023',
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'approved')),
  summary text NOT NULL DEFAULT '' CHECK (length(summary) <= 4000),
  -- frozen on approval
  total_tenths integer CHECK (total_tenths IS NULL OR total_tenths BETWEEN 0 AND 1000),
  grade text CHECK (grade IS NULL OR grade IN ('A', 'B', 'C', 'D')),
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  submitted_by text,
  submitted_at timestamptz,
  approved_by text,
  approved_at timestamptz,
  return_reason text CHECK (return_reason IS NULL OR length(return_reason) <= 1000),
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'approved') = (approved_at IS NOT NULL AND total_tenths IS NOT NULL AND grade IS NOT NULL)),
  CHECK (status = 'draft' OR submitted_at IS NOT NULL)
);

-- One scored row per checklist item, with the item as it was when the evaluation was created.
CREATE TABLE evaluation_scores (
  evaluation_id text NOT NULL REFERENCES park_evaluations (id),
  item_id text NOT NULL,
  element_id text NOT NULL,
  element_seq integer NOT NULL,
  element_name text NOT NULL,
  element_confirmed boolean NOT NULL,
  item_seq integer NOT NULL,
  item_no text NOT NULL,
  content text NOT NULL,
  scoring jsonb NOT NULL,
  evidence_required text NOT NULL DEFAULT '',
  max_tenths integer NOT NULL CHECK (max_tenths BETWEEN 1 AND 1000),
  score_tenths integer CHECK (score_tenths IS NULL OR score_tenths BETWEEN 0 AND max_tenths),
  option_key text CHECK (option_key IS NULL OR length(option_key) <= 32),
  -- what was found (扣分情况)
  finding text CHECK (finding IS NULL OR length(finding) <= 2000),
  -- improvement advice (整改建议)
  advice text CHECK (advice IS NULL OR length(advice) <= 2000),
  -- next-year plan, 一园一策: measure, owner, deadline
  plan_measure text CHECK (plan_measure IS NULL OR length(plan_measure) <= 2000),
  plan_owner text CHECK (plan_owner IS NULL OR length(plan_owner) <= 100),
  plan_deadline date,
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (evaluation_id, item_id)
);

-- Evidence attachments: documents of the document store (0025).
CREATE TABLE evaluation_evidence (
  evaluation_id text NOT NULL,
  item_id text NOT NULL,
  document_id text NOT NULL REFERENCES documents (id),
  linked_by text,
  linked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (evaluation_id, item_id, document_id),
  FOREIGN KEY (evaluation_id, item_id) REFERENCES evaluation_scores (evaluation_id, item_id)
);

GRANT SELECT, UPDATE ON evaluation_grade_bands TO chempark_app;
GRANT SELECT, INSERT, UPDATE ON evaluation_elements, evaluation_items, park_evaluations, evaluation_scores
  TO chempark_app;
GRANT SELECT, INSERT, DELETE ON evaluation_evidence TO chempark_app;

-- Reference data: everyone reads, the park writes (park_admin, checked by the routes).
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['evaluation_grade_bands', 'evaluation_elements', 'evaluation_items']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY all_read ON %I FOR SELECT TO chempark_app USING (true)', t);
    EXECUTE format($p$CREATE POLICY park_insert ON %I FOR INSERT TO chempark_app WITH CHECK (app_scope() = 'park')$p$, t);
    EXECUTE format($p$CREATE POLICY park_update ON %I FOR UPDATE TO chempark_app USING (app_scope() = 'park') WITH CHECK (app_scope() = 'park')$p$, t);
  END LOOP;
END $$;

-- Evaluations, their scores and evidence: park scope only.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['park_evaluations', 'evaluation_scores', 'evaluation_evidence']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY park_only ON %I TO chempark_app USING (app_scope() = 'park') WITH CHECK (app_scope() = 'park')$p$, t);
  END LOOP;
END $$;
