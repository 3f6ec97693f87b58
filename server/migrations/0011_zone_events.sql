-- Zone events of the geofence engine (电子围栏事件): enter, exit, crossing, overspeed episodes. The authority for
-- reports (per-zone visits, time in zone) and for rebuilding the engine's state after a restart. A redelivered
-- stream entry writes nothing twice: (tag, zone, event, source time) is the natural key.

CREATE TABLE zone_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tag_id text NOT NULL,
  zone_id text NOT NULL,
  event text NOT NULL CHECK (event IN ('enter', 'exit', 'crossing', 'overspeed_start', 'overspeed_end')),
  t timestamptz NOT NULL,
  lon double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  geom geometry(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED,
  speed_kmh real,
  props jsonb NOT NULL DEFAULT '{}',
  -- owners at the time of the event, for row-level security: the tag's enterprise and the zone's
  tag_enterprise_id text,
  zone_enterprise_id text,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tag_id, zone_id, event, t)
);
CREATE INDEX zone_events_tag_t_idx ON zone_events (tag_id, t DESC);
CREATE INDEX zone_events_zone_t_idx ON zone_events (zone_id, t DESC);
CREATE INDEX zone_events_t_brin ON zone_events USING brin (t);
CREATE INDEX zone_events_geom_gix ON zone_events USING gist (geom);

GRANT SELECT, INSERT ON zone_events TO chempark_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO chempark_app;

-- An enterprise sees the events of its own tags and of its own zones, never park-wide ones of others' tags
-- (a visitor in a park speed zone is park business). Only park scope (the engine) writes.
ALTER TABLE zone_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE zone_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_read ON zone_events FOR SELECT TO chempark_app USING (
  app_scope() = 'park'
  OR (app_scope() = 'enterprise' AND (tag_enterprise_id = app_enterprise_id() OR zone_enterprise_id = app_enterprise_id()))
);
CREATE POLICY park_insert ON zone_events FOR INSERT TO chempark_app WITH CHECK (app_scope() = 'park');
