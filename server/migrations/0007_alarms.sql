-- Alarm engine: the ISA-18.2 / IEC 62682 lifecycle on 0003's `alarms`, its audit trail, and the outbox relay.
-- An alarm exists once its row, its first alarm_events row and its outbox row commit together
-- (reliability-security.md promise 1).

-- 1. States: 0003's set plus `suppressed` (suppressed by design: the channel is in maintenance or calibration).
ALTER TABLE alarms DROP CONSTRAINT alarms_state_check;
ALTER TABLE alarms ADD CONSTRAINT alarms_state_check
  CHECK (state IN ('unack', 'ack', 'rtn_unack', 'shelved', 'suppressed', 'out_of_service', 'cleared'));

-- 2. Lifecycle columns. The process condition is tracked apart from the state, so a shelved, suppressed or
-- out-of-service alarm comes back as unack only while its condition is still active.
ALTER TABLE alarms
  ADD COLUMN condition_active boolean NOT NULL DEFAULT true,
  -- source time of the newest raise / return to normal applied: older or repeated events change nothing
  ADD COLUMN last_event_time timestamptz,
  ADD COLUMN last_value double precision,
  -- highest value (high rules) or lowest (low rules) while open
  ADD COLUMN peak_value double precision,
  -- the set point crossed, in the channel's unit
  ADD COLUMN limit_value double precision,
  -- raise events merged into this record: re-triggers update it, never duplicate it
  ADD COLUMN count integer NOT NULL DEFAULT 1 CHECK (count >= 1),
  -- +1 per transition; consumers keep the highest (id, version)
  ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  -- when it last entered unack: the escalation timer of urgent alarms starts here
  ADD COLUMN annunciated_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN acked_at timestamptz,
  ADD COLUMN acked_by text,
  -- ISA-18.2: shelving is time-limited (the API allows at most 8 h)
  ADD COLUMN shelved_until timestamptz,
  ADD COLUMN escalated_at timestamptz,
  ADD COLUMN cleared_at timestamptz;
UPDATE alarms SET last_event_time = source_event_time WHERE last_event_time IS NULL;
ALTER TABLE alarms ALTER COLUMN last_event_time SET NOT NULL;
ALTER TABLE alarms ADD CONSTRAINT alarms_shelved_until_check CHECK (state <> 'shelved' OR shelved_until IS NOT NULL);

-- 3. One open alarm per source and rule (ISA-18.2: one active alarm per source and type). Open = not cleared:
-- a shelved, suppressed or out-of-service alarm also blocks a second record; a new condition updates it.
DROP INDEX alarms_one_active;
CREATE UNIQUE INDEX alarms_one_open ON alarms (source_id, rule) WHERE state <> 'cleared';
CREATE INDEX alarms_raised_idx ON alarms (raised_at DESC);
CREATE INDEX alarms_enterprise_idx ON alarms (enterprise_id);
CREATE INDEX alarms_open_priority_idx ON alarms (priority, raised_at DESC) WHERE state <> 'cleared';

-- 4. The audit trail: every transition with who and why. Append-only for the app, like audit_log.
CREATE TABLE alarm_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  alarm_id bigint NOT NULL REFERENCES alarms (id),
  -- the alarm's version after this transition
  version integer NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  -- 'normal' for the raise that created the record
  from_state text NOT NULL,
  to_state text NOT NULL,
  event text NOT NULL CHECK (event IN ('raise', 'return_to_normal', 'acknowledge', 'shelve', 'unshelve',
    'shelf_expired', 'remove_from_service', 'return_to_service', 'suppress', 'unsuppress', 'escalate')),
  user_id uuid,
  -- 'system' for the engine's own transitions
  username text,
  reason text,
  detail jsonb NOT NULL DEFAULT '{}',
  enterprise_id text,
  UNIQUE (alarm_id, version)
);
CREATE INDEX alarm_events_at_brin ON alarm_events USING brin (at);
-- flood counting (ISA-18.2): annunciations per time
CREATE INDEX alarm_events_annunciated_idx ON alarm_events (at) WHERE to_state = 'unack' AND from_state <> 'unack';
CREATE TRIGGER alarm_events_no_change BEFORE UPDATE OR DELETE ON alarm_events
  FOR EACH ROW EXECUTE FUNCTION audit_log_immutable();

-- 5. Grants: the relay deletes published outbox rows after a week.
GRANT SELECT, INSERT ON alarm_events TO chempark_app;
GRANT DELETE ON outbox TO chempark_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO chempark_app;

-- 6. Row-level security. Alarms are stricter than 0004's read rule: an enterprise sees its own alarms only,
-- not park-wide ones (system alarms about the platform are park business).
ALTER TABLE alarm_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE alarm_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_insert ON alarm_events FOR INSERT TO chempark_app WITH CHECK (app_can_write(enterprise_id));
DROP POLICY tenant_read ON alarms;
CREATE OR REPLACE FUNCTION app_can_read_own(owner_enterprise text) RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT app_scope() = 'park' OR (app_scope() = 'enterprise' AND owner_enterprise = app_enterprise_id()) $$;
CREATE POLICY tenant_read ON alarms FOR SELECT TO chempark_app USING (app_can_read_own(enterprise_id));
CREATE POLICY tenant_read ON alarm_events FOR SELECT TO chempark_app USING (app_can_read_own(enterprise_id));
