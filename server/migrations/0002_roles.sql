-- The application runs as chempark_app, which owns nothing, so row-level security applies to it
-- (reliability-security.md §5). Roles are cluster-wide: create it once.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'chempark_app') THEN
    CREATE ROLE chempark_app NOLOGIN;
  END IF;
END $$;
-- The connecting (owner) user switches to it per transaction with SET LOCAL ROLE.
DO $$
BEGIN
  EXECUTE format('GRANT chempark_app TO %I', current_user);
EXCEPTION WHEN others THEN
  NULL; -- already a member, or a superuser who needs no grant
END $$;
GRANT USAGE ON SCHEMA public TO chempark_app;

-- Tenant helpers read the transaction-local settings made by Db.tx().
CREATE OR REPLACE FUNCTION app_scope() RETURNS text LANGUAGE sql STABLE AS
$$ SELECT coalesce(nullif(current_setting('app.scope', true), ''), 'none') $$;
CREATE OR REPLACE FUNCTION app_enterprise_id() RETURNS text LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('app.enterprise_id', true), '') $$;
-- Read rule: park scope sees all; an enterprise sees its rows and park-wide rows (enterprise_id null).
CREATE OR REPLACE FUNCTION app_can_read(owner_enterprise text) RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT app_scope() = 'park' OR (app_scope() = 'enterprise' AND (owner_enterprise IS NULL OR owner_enterprise = app_enterprise_id())) $$;
-- Write rule: park scope, or an enterprise on its own rows only.
CREATE OR REPLACE FUNCTION app_can_write(owner_enterprise text) RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT app_scope() = 'park' OR (app_scope() = 'enterprise' AND owner_enterprise IS NOT NULL AND owner_enterprise = app_enterprise_id()) $$;
