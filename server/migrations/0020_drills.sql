-- Drill runs (应急演练记录): one row per play of a drill script (scenes/drills/*.json). The server keeps the run's
-- clock (drill time = anchor + wall time × speed unless paused), the threat zones of each weather phase as the
-- emergency module computed them at the start (so a later edit of the chemicals table does not rewrite a past
-- drill), the operator's actions recorded against the script, and at the end the evaluation.

CREATE TABLE drill_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  drill_id text NOT NULL CHECK (drill_id ~ '^[a-z0-9-]{1,64}$'),
  -- enterprise of the release asset (row-level security); NULL for a park-wide asset
  enterprise_id text REFERENCES enterprises (id),
  started_by text,
  started_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  speed double precision NOT NULL CHECK (speed >= 1 AND speed <= 20),
  status text NOT NULL CHECK (status IN ('running', 'paused', 'ended')),
  clock jsonb NOT NULL CHECK (jsonb_typeof(clock) = 'object'),
  zones jsonb NOT NULL CHECK (jsonb_typeof(zones) = 'object'),
  actions jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(actions) = 'array'),
  evaluation jsonb CHECK (evaluation IS NULL OR jsonb_typeof(evaluation) = 'object'),
  CHECK ((status = 'ended') = (ended_at IS NOT NULL)),
  CHECK (status <> 'ended' OR evaluation IS NOT NULL)
);
CREATE INDEX drill_runs_started ON drill_runs (started_at DESC);

GRANT SELECT, INSERT, UPDATE ON drill_runs TO chempark_app;
ALTER TABLE drill_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE drill_runs FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_read ON drill_runs FOR SELECT TO chempark_app USING (app_can_read(enterprise_id));
CREATE POLICY tenant_insert ON drill_runs FOR INSERT TO chempark_app WITH CHECK (app_can_write(enterprise_id));
CREATE POLICY tenant_update ON drill_runs FOR UPDATE TO chempark_app
  USING (app_can_write(enterprise_id)) WITH CHECK (app_can_write(enterprise_id));
