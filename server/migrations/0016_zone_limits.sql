-- Zone headcount limits (区域定员 / 区域超员报警). A zone's maximum headcount is its own `props.max_headcount`
-- (a positive integer, edited with the zone like speed_limit_kmh; JSON null exempts the zone), else the default
-- of its zone type below. Defaults live in a table rather than in each zone's props because the demo park is
-- seeded after the migrations run: a new database and an upgraded one get the same limits, and the park can
-- tune a whole class of zones in one row. The geofence worker's headcount rule (zones/headcount.rule.ts)
-- counts people (not vehicle tags) inside and raises `zone_headcount:<zone>` above the limit.

CREATE TABLE zone_type_limits (
  zone_type text PRIMARY KEY CHECK (length(zone_type) BETWEEN 1 AND 64),
  max_headcount integer NOT NULL CHECK (max_headcount > 0),
  note text CHECK (note IS NULL OR length(note) <= 500),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Sensible starting points for the demo park, to be set by the park's safety management (定员管理):
-- restricted (警戒区) circles around liquid chlorine / ammonia stores: an operating crew and its guardian;
-- tank farm (罐区) control areas: a shift's inspection and maintenance crew; construction (施工区): a permitted
-- work crew; muster points (应急集合点), where a zone of that type is drawn around one: the smallest seeded
-- muster capacity (400; a zone's own max_headcount takes its asset's capacity).
INSERT INTO zone_type_limits (zone_type, max_headcount, note) VALUES
  ('restricted', 6, '警戒区 restricted: operating crew and guardian'),
  ('tank_farm', 15, '罐区管控区 tank farm: inspection / maintenance crew'),
  ('construction', 80, '施工区 construction: permitted work crew'),
  ('muster_point', 400, '应急集合点 muster point: smallest muster capacity')
ON CONFLICT (zone_type) DO NOTHING;

-- Park configuration: everyone may read it, only the park changes it.
GRANT SELECT, INSERT, UPDATE, DELETE ON zone_type_limits TO chempark_app;
ALTER TABLE zone_type_limits ENABLE ROW LEVEL SECURITY;
ALTER TABLE zone_type_limits FORCE ROW LEVEL SECURITY;
CREATE POLICY read_all ON zone_type_limits FOR SELECT TO chempark_app USING (true);
CREATE POLICY park_insert ON zone_type_limits FOR INSERT TO chempark_app WITH CHECK (app_scope() = 'park');
CREATE POLICY park_update ON zone_type_limits FOR UPDATE TO chempark_app
  USING (app_scope() = 'park') WITH CHECK (app_scope() = 'park');
CREATE POLICY park_delete ON zone_type_limits FOR DELETE TO chempark_app USING (app_scope() = 'park');
