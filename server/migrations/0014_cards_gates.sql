-- Positioning cards (定位卡), their issue to visitors, contractors and outside vehicles (发卡/还卡), and gate
-- (卡口) plate-recognition events. closed-area.md: the park hands out 500 cards; a card shows live as a tag.

-- Plates compared across cameras, bookings and card issues (as normalisePlate in sensors/protocols/cards):
-- no separators, spaces or colour suffix such as （黄）, upper case.
CREATE OR REPLACE FUNCTION norm_plate(p text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT upper(regexp_replace(regexp_replace(p, '[（(][^）)]*[）)]', '', 'g'), '[[:space:]·._-]', '', 'g')) $$;

-- The 500 card tags. A card's tag keeps the card id; a tag that already exists (the tag simulator registers
-- CARD-0001… with its own kind and label) keeps its kind and label and is only marked as a card.
INSERT INTO tags (id, kind, label, props)
SELECT 'CARD-' || lpad(n::text, 4, '0'), 'visitor', 'CARD-' || lpad(n::text, 4, '0'), '{"card": true}'
  FROM generate_series(1, 500) AS n
ON CONFLICT (id) DO UPDATE SET props = tags.props || '{"card": true}';

-- The physical cards: vendor card id → the tag its positions are stored under (the same id for the 500).
CREATE TABLE cards (
  id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_.-]{1,100}$'),
  tag_id text NOT NULL UNIQUE REFERENCES tags (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO cards (id, tag_id)
SELECT 'CARD-' || lpad(n::text, 4, '0'), 'CARD-' || lpad(n::text, 4, '0') FROM generate_series(1, 500) AS n
ON CONFLICT DO NOTHING;

-- One issue of a card to a holder, from issue to return. At most one open (not returned) issue per card.
CREATE TABLE card_issues (
  id bigserial PRIMARY KEY,
  card_id text NOT NULL REFERENCES cards (id),
  holder_type text NOT NULL CHECK (holder_type IN ('visitor', 'vehicle', 'contractor', 'hazmat_vehicle')),
  -- visitor (访客): name, the last 4 digits of the ID card, the enterprise visited
  visitor_name text CHECK (visitor_name IS NULL OR length(visitor_name) BETWEEN 1 AND 50),
  id_last4 text CHECK (id_last4 IS NULL OR id_last4 ~ '^[0-9]{4}$'),
  host_enterprise_id text REFERENCES enterprises (id),
  -- vehicle / hazmat vehicle: plate; contractor (承包商): company (and the person's name in visitor_name)
  plate text CHECK (plate IS NULL OR length(plate) BETWEEN 5 AND 16),
  contractor_company text CHECK (contractor_company IS NULL OR length(contractor_company) BETWEEN 1 AND 100),
  valid_from timestamptz NOT NULL,
  valid_to timestamptz NOT NULL,
  zone_ids text[] NOT NULL DEFAULT '{}',
  note text CHECK (note IS NULL OR length(note) <= 500),
  issued_by uuid,
  issued_by_name text,
  issued_at timestamptz NOT NULL DEFAULT now(),
  returned_at timestamptz,
  returned_by uuid,
  CHECK (valid_to > valid_from AND valid_to - valid_from <= interval '30 days'),
  CHECK (holder_type <> 'visitor' OR (visitor_name IS NOT NULL AND id_last4 IS NOT NULL AND host_enterprise_id IS NOT NULL)),
  CHECK (holder_type NOT IN ('vehicle', 'hazmat_vehicle') OR plate IS NOT NULL),
  CHECK (holder_type <> 'contractor' OR contractor_company IS NOT NULL)
);
CREATE UNIQUE INDEX card_issues_one_open ON card_issues (card_id) WHERE returned_at IS NULL;
CREATE INDEX card_issues_issued_idx ON card_issues (issued_at DESC);
CREATE INDEX card_issues_host_idx ON card_issues (host_enterprise_id) WHERE host_enterprise_id IS NOT NULL;

-- Enterprise second gates (二道闸): a barrier at an enterprise's own fence, owned by that enterprise.
CREATE TABLE enterprise_gates (
  id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_.-]{1,100}$'),
  enterprise_id text NOT NULL REFERENCES enterprises (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  geom geometry(Point, 4326),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Plate recognitions at park gates (asset kind gate) and enterprise second gates. Natural key
-- (gate, lane, plate, time): a resent event is dropped.
CREATE TABLE gate_events (
  id bigserial PRIMARY KEY,
  gate_id text NOT NULL,
  gate_kind text NOT NULL CHECK (gate_kind IN ('park', 'enterprise')),
  -- the second gate's enterprise; null at park gates
  enterprise_id text REFERENCES enterprises (id),
  plate text NOT NULL CHECK (length(plate) BETWEEN 2 AND 16),
  plate_norm text NOT NULL,
  lane text NOT NULL,
  direction text NOT NULL CHECK (direction IN ('in', 'out')),
  t timestamptz NOT NULL,
  photo_ref text,
  source text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (gate_id, lane, plate_norm, t)
);
CREATE INDEX gate_events_t_idx ON gate_events (t DESC);
CREATE INDEX gate_events_plate_idx ON gate_events (plate_norm, t DESC);

GRANT SELECT ON cards TO chempark_app;
GRANT SELECT, INSERT, UPDATE ON card_issues, enterprise_gates TO chempark_app;
GRANT SELECT, INSERT ON gate_events TO chempark_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO chempark_app;

-- Row-level security: the park issues cards and sees every gate; an enterprise reads the issues of its
-- visitors and the events of its own second gates.
ALTER TABLE card_issues ENABLE ROW LEVEL SECURITY;
ALTER TABLE card_issues FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_read ON card_issues FOR SELECT TO chempark_app
  USING (app_scope() = 'park' OR (app_scope() = 'enterprise' AND host_enterprise_id = app_enterprise_id()));
CREATE POLICY park_write ON card_issues FOR INSERT TO chempark_app WITH CHECK (app_scope() = 'park');
CREATE POLICY park_update ON card_issues FOR UPDATE TO chempark_app
  USING (app_scope() = 'park') WITH CHECK (app_scope() = 'park');
ALTER TABLE enterprise_gates ENABLE ROW LEVEL SECURITY;
ALTER TABLE enterprise_gates FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_read ON enterprise_gates FOR SELECT TO chempark_app USING (app_can_read(enterprise_id));
CREATE POLICY tenant_insert ON enterprise_gates FOR INSERT TO chempark_app WITH CHECK (app_can_write(enterprise_id));
CREATE POLICY tenant_update ON enterprise_gates FOR UPDATE TO chempark_app
  USING (app_can_write(enterprise_id)) WITH CHECK (app_can_write(enterprise_id));
ALTER TABLE gate_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE gate_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_read ON gate_events FOR SELECT TO chempark_app
  USING (app_scope() = 'park' OR (app_scope() = 'enterprise' AND enterprise_id = app_enterprise_id()));
CREATE POLICY park_insert ON gate_events FOR INSERT TO chempark_app WITH CHECK (app_scope() = 'park');
