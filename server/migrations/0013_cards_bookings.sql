-- Hazmat vehicle bookings (危化品车辆预约): one trip of one vehicle on one park day (China Standard Time), to one
-- destination enterprise, through the dedicated (专用) gate along a planned route (规划路线) that the server computes
-- on the road graph: gate → hazmat parking → destination → back to the gate. The route is a corridor: the
-- LineString plus a width (Traccar's default 25 m). Approved by the destination enterprise or the park.
-- Positioning cards (定位卡) may be added here later; this migration holds the bookings only.

CREATE TABLE hazmat_bookings (
  id text PRIMARY KEY DEFAULT ('HB' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || '-' ||
    substr(replace(gen_random_uuid()::text, '-', ''), 1, 8)) CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  plate text NOT NULL CHECK (length(plate) BETWEEN 5 AND 16),
  driver_name text NOT NULL CHECK (length(driver_name) BETWEEN 1 AND 50),
  -- 道路危险货物运输从业资格证 number of the driver and of the escort (押运员)
  driver_licence text NOT NULL CHECK (length(driver_licence) BETWEEN 4 AND 40),
  escort_name text NOT NULL CHECK (length(escort_name) BETWEEN 1 AND 50),
  escort_licence text NOT NULL CHECK (length(escort_licence) BETWEEN 4 AND 40),
  chemical_name text NOT NULL CHECK (length(chemical_name) BETWEEN 1 AND 100),
  cas_no text CHECK (cas_no IS NULL OR cas_no ~ '^[0-9]{2,7}-[0-9]{2}-[0-9]$'),
  un_number text NOT NULL CHECK (un_number ~ '^[0-9]{4}$'),
  -- GB 6944 / UN class or division: 1–9, e.g. 3, 2.1, 6.1
  hazard_class text NOT NULL CHECK (hazard_class ~ '^[1-9](\.[1-6])?$'),
  quantity_t numeric(10, 3) NOT NULL CHECK (quantity_t > 0 AND quantity_t < 1000),
  -- the destination (the enterprise that approves); origin: a park enterprise the load leaves, if any
  enterprise_id text NOT NULL REFERENCES enterprises (id),
  origin_enterprise_id text REFERENCES enterprises (id),
  gate_id text NOT NULL REFERENCES assets (id),
  parking_id text NOT NULL REFERENCES assets (id),
  route geometry(LineString, 4326) NOT NULL,
  route_width_m double precision NOT NULL DEFAULT 25 CHECK (route_width_m >= 5 AND route_width_m <= 200),
  route_length_m double precision NOT NULL CHECK (route_length_m >= 0),
  route_nodes text[] NOT NULL,
  -- metres along the route where the hazmat parking and the destination are, and the route's end
  route_stops_m double precision[] NOT NULL CHECK (cardinality(route_stops_m) = 3),
  park_day date NOT NULL,
  valid_from timestamptz NOT NULL,
  valid_to timestamptz NOT NULL CHECK (valid_to > valid_from),
  status text NOT NULL DEFAULT 'requested'
    CHECK (status IN ('requested', 'approved', 'in_park', 'completed', 'cancelled', 'expired')),
  tag_id text REFERENCES tags (id) ON DELETE SET NULL,
  note text CHECK (note IS NULL OR length(note) <= 500),
  created_by uuid,
  approved_by uuid,
  approved_at timestamptz,
  entered_at timestamptz,
  completed_at timestamptz,
  cancel_reason text CHECK (cancel_reason IS NULL OR length(cancel_reason) <= 500),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (status NOT IN ('approved', 'in_park', 'completed') OR approved_at IS NOT NULL),
  CHECK (status <> 'cancelled' OR cancel_reason IS NOT NULL)
);
CREATE INDEX hazmat_bookings_day_idx ON hazmat_bookings (park_day, status);
CREATE INDEX hazmat_bookings_enterprise_idx ON hazmat_bookings (enterprise_id, park_day DESC);
CREATE INDEX hazmat_bookings_origin_idx ON hazmat_bookings (origin_enterprise_id) WHERE origin_enterprise_id IS NOT NULL;
-- a tag (terminal or card) serves one open booking at a time
CREATE UNIQUE INDEX hazmat_bookings_one_open_per_tag ON hazmat_bookings (tag_id)
  WHERE tag_id IS NOT NULL AND status IN ('requested', 'approved', 'in_park');

-- Row-level security as in 0004, with two owners: an enterprise reads and writes the bookings to it and those
-- leaving it; the park all of them. Bookings are never deleted by the app (cancelled, with a reason).
GRANT SELECT, INSERT, UPDATE ON hazmat_bookings TO chempark_app;
ALTER TABLE hazmat_bookings ENABLE ROW LEVEL SECURITY;
ALTER TABLE hazmat_bookings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_read ON hazmat_bookings FOR SELECT TO chempark_app
  USING (app_scope() = 'park' OR (app_scope() = 'enterprise' AND
         (enterprise_id = app_enterprise_id() OR origin_enterprise_id = app_enterprise_id())));
CREATE POLICY tenant_insert ON hazmat_bookings FOR INSERT TO chempark_app
  WITH CHECK (app_can_write(enterprise_id) OR app_can_write(origin_enterprise_id));
CREATE POLICY tenant_update ON hazmat_bookings FOR UPDATE TO chempark_app
  USING (app_can_write(enterprise_id) OR app_can_write(origin_enterprise_id))
  WITH CHECK (app_can_write(enterprise_id) OR app_can_write(origin_enterprise_id));
