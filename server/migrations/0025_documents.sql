-- Document store (文档管理), expiry reminders (到期提醒) and the in-app notification center (消息中心).
--
-- Files are stored IN POSTGRESQL (file_blobs, bytea), not on disk: several server nodes share the database but
-- no disk, the embedded PGlite works the same, a backup holds files and rows together, and row-level security
-- guards the bytes as it guards the rows (server/platform/files/blobs.ts explains the choice).
--
-- Reminders: document_reminder_rules says, per document type, how many days before expiry the owners are
-- reminded (defaults 90/30/7; licences also at 0, the day of expiry) and whether an expiry escalates to every park
-- admin. document_reminders holds one row per (version, threshold) actually sent: the UNIQUE constraint is the
-- once-only guarantee, whatever the scheduler does (restart, two nodes, late run). Notifications are per user;
-- notification_deliveries is the outbox of the optional e-mail and webhook channels (attempts, next try).

-- 0003 created a placeholder `documents` table that no code ever wrote; it is replaced by the versioned store.
DROP TABLE IF EXISTS documents CASCADE;

CREATE TABLE file_blobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  enterprise_id text REFERENCES enterprises (id),
  mime text NOT NULL CHECK (length(mime) BETWEEN 3 AND 200),
  size_bytes bigint NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  bytes bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (octet_length(bytes) = size_bytes)
);
CREATE INDEX file_blobs_enterprise_idx ON file_blobs (enterprise_id);

-- Document types: 规划 planning, 评估报告 assessment, 批复 approval, 验收 acceptance, 三同时 three_simultaneities,
-- 许可证 licence, 应急预案 emergency_plan, 管理制度 rule, 政策法规 policy, 其他 other.
-- Owner: the park (enterprise_id null), an enterprise, an asset (enterprise_id = the asset's) or a project (free id).
CREATE TABLE documents (
  id text PRIMARY KEY DEFAULT ('DOC-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12))
    CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  enterprise_id text REFERENCES enterprises (id),
  owner_type text NOT NULL CHECK (owner_type IN ('park', 'enterprise', 'asset', 'project')),
  owner_id text NOT NULL CHECK (owner_id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  doc_type text NOT NULL CHECK (doc_type IN ('planning', 'assessment', 'approval', 'acceptance',
    'three_simultaneities', 'licence', 'emergency_plan', 'rule', 'policy', 'other')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  doc_number text CHECK (doc_number IS NULL OR length(doc_number) <= 100),
  tags text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 20),
  -- a park document that enterprises may read (policies and park rules by default)
  public boolean NOT NULL DEFAULT false,
  current_version integer NOT NULL DEFAULT 0 CHECK (current_version >= 0),
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (owner_type <> 'park' OR enterprise_id IS NULL),
  CHECK (owner_type <> 'enterprise' OR owner_id = enterprise_id),
  CHECK (NOT public OR enterprise_id IS NULL)
);
CREATE INDEX documents_owner_idx ON documents (owner_type, owner_id);
CREATE INDEX documents_enterprise_idx ON documents (enterprise_id, doc_type);
CREATE INDEX documents_tags_gin ON documents USING gin (tags);

-- Every upload of a document is a version; the document's current_version names the one in force.
CREATE TABLE document_versions (
  id text PRIMARY KEY DEFAULT ('DV-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12))
    CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  document_id text NOT NULL REFERENCES documents (id),
  enterprise_id text REFERENCES enterprises (id),
  version integer NOT NULL CHECK (version BETWEEN 1 AND 9999),
  blob_id uuid NOT NULL REFERENCES file_blobs (id),
  filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
  mime text NOT NULL,
  file_kind text NOT NULL,
  size_bytes bigint NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL,
  issued_on date,
  expires_on date,
  note text CHECK (note IS NULL OR length(note) <= 2000),
  uploaded_by text,
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (document_id, version),
  CHECK (expires_on IS NULL OR issued_on IS NULL OR expires_on > issued_on)
);
CREATE INDEX document_versions_expiry_idx ON document_versions (expires_on) WHERE expires_on IS NOT NULL;

-- Reminder rules per document type (park configuration; park admins edit them).
CREATE TABLE document_reminder_rules (
  doc_type text PRIMARY KEY CHECK (doc_type IN ('planning', 'assessment', 'approval', 'acceptance',
    'three_simultaneities', 'licence', 'emergency_plan', 'rule', 'policy', 'other')),
  -- days before expiry the owners are reminded; 0 = on the day it expires
  days_before integer[] NOT NULL CHECK (cardinality(days_before) <= 10
    AND 0 <= ALL (days_before) AND 3650 >= ALL (days_before)),
  -- on expiry every park admin is told (升级提醒)
  escalate_on_expiry boolean NOT NULL DEFAULT true,
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO document_reminder_rules (doc_type, days_before) VALUES
  ('planning', '{90,30,7}'), ('assessment', '{90,30,7}'), ('approval', '{90,30,7}'),
  ('acceptance', '{90,30,7}'), ('three_simultaneities', '{90,30,7}'), ('licence', '{90,30,7,0}'),
  ('emergency_plan', '{90,30,7}'), ('rule', '{90,30,7}'), ('policy', '{90,30,7}'), ('other', '{90,30,7}');

-- One row per reminder sent: (version, threshold) at most once, ever.
CREATE TABLE document_reminders (
  id bigserial PRIMARY KEY,
  version_id text NOT NULL REFERENCES document_versions (id),
  document_id text NOT NULL REFERENCES documents (id),
  enterprise_id text REFERENCES enterprises (id),
  threshold integer NOT NULL CHECK (threshold BETWEEN 0 AND 3650),
  expires_on date NOT NULL,
  -- the park day the scheduler sent it on (may be later than expires_on - threshold after a pause)
  sent_on date NOT NULL,
  escalated boolean NOT NULL DEFAULT false,
  recipients integer NOT NULL DEFAULT 0,
  sent_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (version_id, threshold)
);
CREATE INDEX document_reminders_document_idx ON document_reminders (document_id);

-- The in-app notification center: one row per user and message.
CREATE TABLE notifications (
  id bigserial PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  enterprise_id text REFERENCES enterprises (id),
  kind text NOT NULL CHECK (kind ~ '^[a-z_.]{1,64}$'),
  severity text NOT NULL DEFAULT 'info' CHECK (severity IN ('info', 'warning', 'critical')),
  -- zh-CN text and its English variant
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  title_en text CHECK (title_en IS NULL OR length(title_en) <= 300),
  body text NOT NULL DEFAULT '' CHECK (length(body) <= 4000),
  body_en text CHECK (body_en IS NULL OR length(body_en) <= 4000),
  -- what it is about (document:DOC-…) and where the client opens it
  source text CHECK (source IS NULL OR length(source) <= 200),
  link text CHECK (link IS NULL OR length(link) <= 500),
  reminder_id bigint REFERENCES document_reminders (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  UNIQUE (reminder_id, user_id)
);
CREATE INDEX notifications_user_idx ON notifications (user_id, (read_at IS NULL), created_at DESC);

-- A user's delivery settings (e-mail address for the optional SMTP channel).
CREATE TABLE notification_settings (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  enterprise_id text REFERENCES enterprises (id),
  email text CHECK (email IS NULL OR email ~ '^[^@\s<>]{1,64}@[^@\s<>]{1,190}$'),
  email_enabled boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Outbox of the external channels: e-mail per recipient, webhook per reminder; retried with backoff.
CREATE TABLE notification_deliveries (
  id bigserial PRIMARY KEY,
  channel text NOT NULL CHECK (channel IN ('email', 'webhook')),
  target text NOT NULL CHECK (length(target) BETWEEN 1 AND 500),
  enterprise_id text REFERENCES enterprises (id),
  reminder_id bigint REFERENCES document_reminders (id),
  notification_id bigint REFERENCES notifications (id) ON DELETE CASCADE,
  payload jsonb NOT NULL CHECK (jsonb_typeof(payload) = 'object'),
  attempts integer NOT NULL DEFAULT 0,
  next_try_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  delivered_at timestamptz,
  failed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (reminder_id, channel, target)
);
CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (next_try_at)
  WHERE delivered_at IS NULL AND failed_at IS NULL;

GRANT SELECT, INSERT ON file_blobs, document_versions, document_reminders TO chempark_app;
GRANT SELECT, INSERT, UPDATE ON documents, notifications, notification_settings, notification_deliveries TO chempark_app;
GRANT SELECT, UPDATE ON document_reminder_rules TO chempark_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO chempark_app;

-- Tenant tables as in 0019: an enterprise reads its own rows and park rows, writes its own; the park all.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['file_blobs', 'document_versions', 'document_reminders']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_read ON %I FOR SELECT TO chempark_app USING (app_can_read(enterprise_id))', t);
    EXECUTE format('CREATE POLICY tenant_insert ON %I FOR INSERT TO chempark_app WITH CHECK (app_can_write(enterprise_id))', t);
  END LOOP;
END $$;

-- Documents: an enterprise reads its own and the park's PUBLIC documents (policies, park rules), not the park's
-- internal ones; a version is visible with its document.
ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_read ON documents FOR SELECT TO chempark_app
  USING (app_can_read(enterprise_id) AND (app_scope() = 'park' OR enterprise_id IS NOT NULL OR public));
CREATE POLICY tenant_insert ON documents FOR INSERT TO chempark_app WITH CHECK (app_can_write(enterprise_id));
CREATE POLICY tenant_update ON documents FOR UPDATE TO chempark_app
  USING (app_can_write(enterprise_id)) WITH CHECK (app_can_write(enterprise_id));
DROP POLICY tenant_read ON document_versions;
CREATE POLICY tenant_read ON document_versions FOR SELECT TO chempark_app
  USING (app_can_read(enterprise_id) AND EXISTS (SELECT 1 FROM documents d WHERE d.id = document_id));

-- Reminder rules: everyone reads, the park writes (park_admin, checked by the route).
ALTER TABLE document_reminder_rules ENABLE ROW LEVEL SECURITY;
ALTER TABLE document_reminder_rules FORCE ROW LEVEL SECURITY;
CREATE POLICY all_read ON document_reminder_rules FOR SELECT TO chempark_app USING (true);
CREATE POLICY park_update ON document_reminder_rules FOR UPDATE TO chempark_app
  USING (app_scope() = 'park') WITH CHECK (app_scope() = 'park');

-- Notifications and settings: a signed-in user (app.user_id set) sees and marks only their own; the park's
-- system scope (no user: the scheduler) writes and reads all. enterprise_id keeps the tenant rule as well.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['notifications', 'notification_settings']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY own_read ON %I FOR SELECT TO chempark_app USING (app_can_read(enterprise_id)
      AND ((app_scope() = 'park' AND nullif(current_setting('app.user_id', true), '') IS NULL)
           OR user_id::text = nullif(current_setting('app.user_id', true), '')))$p$, t);
    EXECUTE format($p$CREATE POLICY own_insert ON %I FOR INSERT TO chempark_app WITH CHECK (app_can_write(enterprise_id)
      AND ((app_scope() = 'park' AND nullif(current_setting('app.user_id', true), '') IS NULL)
           OR user_id::text = nullif(current_setting('app.user_id', true), '')))$p$, t);
    EXECUTE format($p$CREATE POLICY own_update ON %I FOR UPDATE TO chempark_app USING (app_can_read(enterprise_id)
      AND ((app_scope() = 'park' AND nullif(current_setting('app.user_id', true), '') IS NULL)
           OR user_id::text = nullif(current_setting('app.user_id', true), '')))$p$, t);
  END LOOP;
END $$;

-- The delivery outbox is the scheduler's alone (park system scope).
ALTER TABLE notification_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE notification_deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY park_only ON notification_deliveries TO chempark_app
  USING (app_scope() = 'park' AND app_can_read(enterprise_id)) WITH CHECK (app_scope() = 'park');
