-- Incident command (应急指挥): an incident declared at an asset or a map point (leak, fire, explosion) with its
-- release, its weather and the threat zones last computed for it; the incident log (timeline of every action and
-- alarm); and the weather observations of the park's weather stations (manual weather lives on the incident).
CREATE TABLE incidents (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('leak', 'fire', 'explosion')),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  asset_id text REFERENCES assets (id),
  -- the release point: the asset's point on surface, or the point given
  geom geometry(Point, 4326) NOT NULL,
  chemical_id text REFERENCES chemicals (id),
  -- the release as POST /emergency/zones takes it (scenario, rate_gs / mass_kg, duration_s, height, terrain, …)
  release jsonb NOT NULL CHECK (jsonb_typeof(release) = 'object'),
  -- wind_speed_ms, wind_from_deg, stability | cloud_cover_oktas, source manual|station, station_id, observed_at
  weather jsonb NOT NULL CHECK (jsonb_typeof(weather) = 'object'),
  -- the threat zones last computed (ZonesResult), so every reader sees the same zones until the weather changes
  zones jsonb NOT NULL CHECK (jsonb_typeof(zones) = 'object'),
  zones_at timestamptz NOT NULL DEFAULT now(),
  declared_by text NOT NULL,
  declared_at timestamptz NOT NULL DEFAULT now(),
  closed_by text,
  closed_at timestamptz,
  -- a drill's incident (演练); null for a real one
  drill_id text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX incidents_active_idx ON incidents (declared_at DESC) WHERE status = 'active';
CREATE INDEX incidents_declared_idx ON incidents (declared_at DESC);

CREATE TABLE incident_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id bigint NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  t timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('declared', 'weather_changed', 'zones_computed', 'alarm', 'notification',
    'note', 'closed')),
  payload jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(payload) = 'object')
);
CREATE INDEX incident_log_incident_idx ON incident_log (incident_id, t, id);

CREATE TABLE weather_observations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  station_id text NOT NULL CHECK (station_id ~ '^[A-Za-z0-9_-]{1,64}$'),
  t timestamptz NOT NULL,
  wind_speed_ms double precision NOT NULL CHECK (wind_speed_ms >= 0 AND wind_speed_ms <= 100),
  wind_from_deg double precision NOT NULL CHECK (wind_from_deg >= 0 AND wind_from_deg <= 360),
  temp_c double precision CHECK (temp_c BETWEEN -80 AND 80),
  cloud_cover_oktas smallint CHECK (cloud_cover_oktas BETWEEN 0 AND 8),
  received_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (station_id, t)
);
CREATE INDEX weather_observations_t_idx ON weather_observations (station_id, t DESC);

GRANT SELECT, INSERT, UPDATE ON incidents TO chempark_app;
GRANT SELECT, INSERT ON incident_log, weather_observations TO chempark_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO chempark_app;

-- Row-level security: an incident concerns the whole park, so every signed-in scope reads it; only the park
-- declares, changes and closes incidents. The log (names and positions of people) is the park's only.
ALTER TABLE incidents ENABLE ROW LEVEL SECURITY;
ALTER TABLE incidents FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_read ON incidents FOR SELECT TO chempark_app USING (app_scope() IN ('park', 'enterprise'));
CREATE POLICY park_insert ON incidents FOR INSERT TO chempark_app WITH CHECK (app_scope() = 'park');
CREATE POLICY park_update ON incidents FOR UPDATE TO chempark_app
  USING (app_scope() = 'park') WITH CHECK (app_scope() = 'park');
ALTER TABLE incident_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE incident_log FORCE ROW LEVEL SECURITY;
CREATE POLICY park_read ON incident_log FOR SELECT TO chempark_app USING (app_scope() = 'park');
CREATE POLICY park_insert ON incident_log FOR INSERT TO chempark_app WITH CHECK (app_scope() = 'park');
ALTER TABLE weather_observations ENABLE ROW LEVEL SECURITY;
ALTER TABLE weather_observations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_read ON weather_observations FOR SELECT TO chempark_app
  USING (app_scope() IN ('park', 'enterprise'));
CREATE POLICY park_insert ON weather_observations FOR INSERT TO chempark_app WITH CHECK (app_scope() = 'park');
