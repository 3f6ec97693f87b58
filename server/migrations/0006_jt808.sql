-- JT/T 808 terminal registry (JT/T 808 终端注册 0x0100, 终端鉴权 0x0102) and the assignment state of
-- tags. A terminal that registers becomes a tag (kind 'vehicle', assignment 'unassigned') until an
-- operator assigns it to a vehicle, visitor or hazmat trip.

ALTER TABLE tags ADD COLUMN assignment text NOT NULL DEFAULT 'assigned'
  CHECK (assignment IN ('assigned', 'unassigned'));

CREATE TABLE jt808_terminals (
  -- the header phone without leading zeros (header.terminal): the same key for 2013 and 2019 headers
  terminal text PRIMARY KEY CHECK (terminal ~ '^[0-9a-f]{1,20}$'),
  -- BCD phone exactly as last sent (12 digits in 2013 headers, 20 in 2019)
  phone_raw text NOT NULL,
  version integer NOT NULL CHECK (version IN (2013, 2019)),
  -- issued in 0x8100, checked against 0x0102; '' after 0x0003 deregistration (nothing matches it)
  auth_code text NOT NULL,
  tag_id text UNIQUE REFERENCES tags (id) ON DELETE SET NULL,
  maker text,
  model text,
  -- 终端 ID of the 0x0100 body (chosen by the maker; not the phone)
  terminal_model_id text,
  plate text,
  -- JT/T 697.7 colour; 0 = unplated, then plate carries the VIN
  plate_color integer,
  -- GB/T 2260 codes
  province integer,
  city integer,
  registered_at timestamptz NOT NULL DEFAULT now(),
  last_auth_at timestamptz,
  last_seen_at timestamptz,
  enterprise_id text REFERENCES enterprises (id),
  props jsonb NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jt808_terminals_enterprise_idx ON jt808_terminals (enterprise_id);

-- The terminal belongs to whoever owns its tag: keep enterprise_id in step when a tag is reassigned.
CREATE FUNCTION jt808_terminals_follow_tag() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE jt808_terminals SET enterprise_id = NEW.enterprise_id, updated_at = now()
   WHERE tag_id = NEW.id AND enterprise_id IS DISTINCT FROM NEW.enterprise_id;
  RETURN NULL;
END $$;
CREATE TRIGGER tags_enterprise_to_jt808 AFTER UPDATE OF enterprise_id ON tags
  FOR EACH ROW EXECUTE FUNCTION jt808_terminals_follow_tag();

-- Row-level security as in 0004: deny by default, FORCE so the owner is bound too. One difference:
-- a terminal without an enterprise is park business, not a park-wide row every enterprise reads
-- (its auth code is a credential).
GRANT SELECT, INSERT, UPDATE, DELETE ON jt808_terminals TO chempark_app;
ALTER TABLE jt808_terminals ENABLE ROW LEVEL SECURITY;
ALTER TABLE jt808_terminals FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_read ON jt808_terminals FOR SELECT TO chempark_app
  USING (app_scope() = 'park' OR (enterprise_id IS NOT NULL AND app_can_read(enterprise_id)));
CREATE POLICY tenant_insert ON jt808_terminals FOR INSERT TO chempark_app WITH CHECK (app_can_write(enterprise_id));
CREATE POLICY tenant_update ON jt808_terminals FOR UPDATE TO chempark_app
  USING (app_can_write(enterprise_id)) WITH CHECK (app_can_write(enterprise_id));
CREATE POLICY tenant_delete ON jt808_terminals FOR DELETE TO chempark_app USING (app_can_write(enterprise_id));
