-- Safety sensors (major-hazard and key-process online monitoring, 重大危险源/重点监管危险化工工艺在线监测):
-- tank level, temperature and pressure transmitters for every tank, key parameters of the 18 supervised
-- processes for every enterprise that runs one, and alarm defaults for the gas detectors. Readings arrive
-- over MQTT or HTTP (sensors/protocols/safety). Every threshold below is park-editable data: the defaults
-- tables seed `sensors.thresholds` once per sensor, and the park edits the sensor rows afterwards.

-- 1. Tank transmitters: `<tank id>.LT` level (% of the shell height), `.TT` liquid temperature (°C), `.PT`
-- vapour-space pressure (kPa gauge). A sensor's thresholds are the generic row, overlaid key by key by the
-- row of its tank type, then by the row of its chemical (CAS). Values not in the confirmed domain notes are
-- marked unconfirmed: set each tank's real limits from its design data and operating procedure.
CREATE TABLE tank_sensor_defaults (
  sensor_kind text NOT NULL CHECK (sensor_kind IN ('tank_level', 'tank_temperature', 'tank_pressure')),
  tank_type text NOT NULL DEFAULT '*',
  cas text NOT NULL DEFAULT '*',
  thresholds jsonb NOT NULL,
  PRIMARY KEY (sensor_kind, tank_type, cas),
  CHECK (tank_type = '*' OR cas = '*')
);
INSERT INTO tank_sensor_defaults (sensor_kind, tank_type, cas, thresholds) VALUES
  ('tank_level', '*', '*',
    '{"low_low": 5, "low": 10, "high": 85, "high_high": 90, "silence_timeout_s": 120, "source": "unconfirmed default; set from the tank''s high-level and overfill protection"}'),
  -- liquefied gases keep vapour space for expansion (filling ratio)
  ('tank_level', 'spherical', '*', '{"high": 80, "high_high": 85}'),
  ('tank_level', 'horizontal', '*', '{"high": 80, "high_high": 85}'),
  ('tank_temperature', '*', '*',
    '{"high": 40, "high_high": 50, "silence_timeout_s": 120, "source": "unconfirmed default; set per chemical and tank"}'),
  ('tank_temperature', '*', '7782-50-5', '{"high": 40, "high_high": 45}'),  -- chlorine
  ('tank_temperature', '*', '75-21-8', '{"high": 30, "high_high": 35}'),    -- ethylene oxide (bp 10.7 °C)
  ('tank_temperature', '*', '106-99-0', '{"high": 35, "high_high": 40}'),   -- 1,3-butadiene (peroxides, dimer)
  ('tank_temperature', '*', '68476-85-7', '{"high": 40, "high_high": 45}'), -- LPG: spray water at 40 °C
  ('tank_temperature', '*', '7664-41-7', '{"high": 40, "high_high": 45}'),  -- ammonia
  ('tank_temperature', '*', '75-01-4', '{"high": 40, "high_high": 45}'),    -- vinyl chloride
  ('tank_temperature', '*', '67-64-1', '{"high": 35, "high_high": 40}'),    -- acetone (bp 56 °C)
  ('tank_temperature', '*', '86290-81-5', '{"high": 35, "high_high": 40}'), -- gasoline
  ('tank_temperature', '*', '71-43-2', '{"low": 8}'),                       -- benzene freezes at 5.5 °C
  ('tank_temperature', '*', '7664-93-9', '{"low": 8, "high": 45, "high_high": 55}'), -- 98 % sulfuric acid freezes near 3 °C
  ('tank_pressure', '*', '*',
    '{"silence_timeout_s": 120, "source": "unconfirmed default; set from the tank''s design pressure and relief settings"}'),
  -- atmospheric tanks: breather valve about +1.96 / −0.29 kPa
  ('tank_pressure', 'vertical', '*', '{"low_low": -0.28, "low": -0.2, "high": 1.5, "high_high": 1.8, "deadband": 0.05}'),
  -- pressurised liquefied-gas tanks, by design pressure
  ('tank_pressure', 'spherical', '*', '{"high": 1400, "high_high": 1600, "deadband": 30}'),
  ('tank_pressure', 'horizontal', '*', '{"high": 1000, "high_high": 1200, "deadband": 30}'),
  ('tank_pressure', '*', '68476-85-7', '{"high": 1400, "high_high": 1600}'), -- LPG sphere, design 1.77 MPa
  ('tank_pressure', '*', '7664-41-7', '{"high": 1700, "high_high": 1900}'),  -- ammonia sphere, design 2.16 MPa
  ('tank_pressure', '*', '106-99-0', '{"high": 550, "high_high": 650}'),     -- butadiene sphere
  ('tank_pressure', '*', '75-01-4', '{"high": 650, "high_high": 750}'),      -- vinyl chloride sphere
  ('tank_pressure', '*', '7782-50-5', '{"high": 1000, "high_high": 1200}'),  -- liquid chlorine, design 1.6 MPa
  -- ethylene oxide under a nitrogen blanket: a falling pressure means the blanket is lost
  ('tank_pressure', '*', '75-21-8', '{"low": 120, "high": 450, "high_high": 550, "deadband": 10}');

-- 2. The 18 key-supervised hazardous processes (重点监管危险化工工艺) with a code for sensor ids and the stem
-- that finds the enterprise's workshop for it by name (else its first process building).
CREATE TABLE supervised_processes (
  name text PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z]{3,5}$'),
  name_en text NOT NULL,
  building_stem text NOT NULL
);
INSERT INTO supervised_processes (name, code, name_en, building_stem) VALUES
  ('光气及光气化', 'PHOS', 'Phosgenation', '光气'),
  ('电解(氯碱)', 'ELEC', 'Chlor-alkali electrolysis', '电解'),
  ('氯化', 'CHLO', 'Chlorination', '氯化'),
  ('硝化', 'NITR', 'Nitration', '硝化'),
  ('合成氨', 'AMMO', 'Ammonia synthesis', '合成氨'),
  ('裂解(裂化)', 'CRAC', 'Cracking', '裂解'),
  ('氟化', 'FLUO', 'Fluorination', '氟化'),
  ('加氢', 'HYDR', 'Hydrogenation', '加氢'),
  ('重氮化', 'DIAZ', 'Diazotization', '重氮'),
  ('氧化', 'OXID', 'Oxidation', '氧化'),
  ('过氧化', 'PERO', 'Peroxidation', '过氧化'),
  ('胺基化', 'AMIN', 'Amination', '胺'),
  ('磺化', 'SULF', 'Sulfonation', '磺化'),
  ('聚合', 'POLY', 'Polymerization', '聚合'),
  ('烷基化', 'ALKY', 'Alkylation', '烷基化'),
  ('新型煤化工', 'COAL', 'Coal chemical', '煤'),
  ('电石生产', 'CARB', 'Calcium carbide', '电石'),
  ('偶氮化', 'AZO', 'Azo coupling', '偶氮');

-- Key process parameters per process (the 重点监控工艺参数 of the 2009/2013 lists: reactor temperature and
-- pressure, feed of the hazardous reagent, cooling water, oxygen or hydrogen content). Sensor id
-- `PU-<enterprise>-<code>.<tag>`. Set points are unconfirmed defaults: set each unit's own from its HAZOP
-- and operating procedure.
CREATE TABLE process_sensor_templates (
  process_code text NOT NULL REFERENCES supervised_processes (code),
  tag text NOT NULL CHECK (tag ~ '^[A-Z]{2,3}$'),
  name text NOT NULL,
  name_en text NOT NULL,
  measure text NOT NULL,
  unit text,
  thresholds jsonb NOT NULL,
  PRIMARY KEY (process_code, tag)
);
INSERT INTO process_sensor_templates (process_code, tag, name, name_en, measure, unit, thresholds)
SELECT code, tag, name, name_en, measure, unit,
       '{"silence_timeout_s": 120, "source": "unconfirmed default; set from the unit''s HAZOP and operating procedure"}'::jsonb
       || limits::jsonb
  FROM (VALUES
  ('PHOS', 'TT', '反应釜温度', 'reactor temperature', 'temperature', '°C', '{"high": 75, "high_high": 85}'),
  ('PHOS', 'PT', '反应釜压力', 'reactor pressure', 'pressure', 'kPa', '{"high": 250, "high_high": 300}'),
  ('PHOS', 'FT', '光气进料流量', 'phosgene feed', 'flow', 'kg/h', '{"high": 600, "high_high": 650}'),
  ('ELEC', 'TT', '电解槽温度', 'electrolyser temperature', 'temperature', '°C', '{"high": 92, "high_high": 95}'),
  -- GB 11984: hydrogen in chlorine ≤ 0.4 % v/v
  ('ELEC', 'AT', '氯中含氢', 'hydrogen in chlorine', 'h2_in_cl2', '%', '{"high": 0.3, "high_high": 0.4}'),
  ('ELEC', 'FT', '盐水进料流量', 'brine feed', 'flow', 'm³/h', '{"low_low": 30, "low": 40}'),
  ('CHLO', 'TT', '反应釜温度', 'reactor temperature', 'temperature', '°C', '{"high": 85, "high_high": 95}'),
  ('CHLO', 'PT', '反应釜压力', 'reactor pressure', 'pressure', 'kPa', '{"high": 300, "high_high": 350}'),
  ('CHLO', 'FT', '氯气进料流量', 'chlorine feed', 'flow', 'kg/h', '{"high": 480, "high_high": 520}'),
  ('NITR', 'TT', '反应釜温度', 'reactor temperature', 'temperature', '°C', '{"high": 50, "high_high": 55}'),
  ('NITR', 'FT', '混酸进料流量', 'mixed acid feed', 'flow', 'kg/h', '{"high": 900, "high_high": 950}'),
  ('NITR', 'CW', '冷却水流量', 'cooling water', 'cooling_water_flow', 'm³/h', '{"low_low": 70, "low": 90}'),
  ('AMMO', 'TT', '合成塔床层温度', 'converter bed temperature', 'temperature', '°C', '{"high": 500, "high_high": 520, "deadband": 5}'),
  ('AMMO', 'PT', '合成塔压力', 'converter pressure', 'pressure', 'kPa', '{"high": 16500, "high_high": 17500, "deadband": 200}'),
  ('AMMO', 'FT', '合成气流量', 'synthesis gas', 'flow', 'Nm³/h', '{"high": 100000, "high_high": 105000, "deadband": 1000}'),
  ('CRAC', 'TT', '裂解炉出口温度', 'furnace outlet temperature', 'temperature', '°C', '{"high": 860, "high_high": 870, "deadband": 5}'),
  ('CRAC', 'FT', '裂解炉进料流量', 'furnace feed', 'flow', 't/h', '{"low_low": 25, "low": 30, "high": 46}'),
  ('CRAC', 'PT', '稀释蒸汽压力', 'dilution steam pressure', 'pressure', 'kPa', '{"low_low": 400, "low": 450}'),
  ('FLUO', 'TT', '反应釜温度', 'reactor temperature', 'temperature', '°C', '{"high": 95, "high_high": 105}'),
  ('FLUO', 'PT', '反应釜压力', 'reactor pressure', 'pressure', 'kPa', '{"high": 400, "high_high": 450}'),
  ('FLUO', 'FT', '氟化剂进料流量', 'fluorinating agent feed', 'flow', 'kg/h', '{"high": 180, "high_high": 200}'),
  ('HYDR', 'TT', '反应器温度', 'reactor temperature', 'temperature', '°C', '{"high": 310, "high_high": 330, "deadband": 5}'),
  ('HYDR', 'PT', '反应器压力', 'reactor pressure', 'pressure', 'kPa', '{"high": 2900, "high_high": 3100, "deadband": 50}'),
  ('HYDR', 'FT', '氢气流量', 'hydrogen feed', 'flow', 'Nm³/h', '{"high": 1800, "high_high": 2000}'),
  ('DIAZ', 'TT', '反应釜温度', 'reactor temperature', 'temperature', '°C', '{"high": 8, "high_high": 12, "deadband": 1}'),
  ('DIAZ', 'FT', '亚硝酸钠进料流量', 'sodium nitrite feed', 'flow', 'kg/h', '{"high": 240, "high_high": 260}'),
  ('DIAZ', 'CW', '冷冻盐水流量', 'chilled brine', 'cooling_water_flow', 'm³/h', '{"low_low": 25, "low": 30}'),
  ('OXID', 'TT', '反应器温度', 'reactor temperature', 'temperature', '°C', '{"high": 165, "high_high": 175}'),
  ('OXID', 'PT', '反应器压力', 'reactor pressure', 'pressure', 'kPa', '{"high": 950, "high_high": 1050}'),
  -- oxygen in the off-gas kept below the limiting oxygen concentration
  ('OXID', 'AT', '尾气氧含量', 'oxygen in off-gas', 'o2', '%', '{"high": 6, "high_high": 8}'),
  ('PERO', 'TT', '反应釜温度', 'reactor temperature', 'temperature', '°C', '{"high": 60, "high_high": 65, "deadband": 1}'),
  ('PERO', 'PT', '反应釜压力', 'reactor pressure', 'pressure', 'kPa', '{"high": 250, "high_high": 300}'),
  ('PERO', 'FT', '过氧化物进料流量', 'peroxide feed', 'flow', 'kg/h', '{"high": 360, "high_high": 390}'),
  ('AMIN', 'TT', '反应釜温度', 'reactor temperature', 'temperature', '°C', '{"high": 135, "high_high": 145}'),
  ('AMIN', 'PT', '反应釜压力', 'reactor pressure', 'pressure', 'kPa', '{"high": 1800, "high_high": 2000, "deadband": 30}'),
  ('AMIN', 'FT', '氨进料流量', 'ammonia feed', 'flow', 'kg/h', '{"high": 360, "high_high": 390}'),
  ('SULF', 'TT', '反应器温度', 'reactor temperature', 'temperature', '°C', '{"high": 55, "high_high": 60}'),
  ('SULF', 'FT', '磺化剂进料流量', 'sulfonating agent feed', 'flow', 'kg/h', '{"high": 680, "high_high": 720}'),
  ('SULF', 'CW', '冷却水流量', 'cooling water', 'cooling_water_flow', 'm³/h', '{"low_low": 60, "low": 75}'),
  ('POLY', 'TT', '聚合釜温度', 'reactor temperature', 'temperature', '°C', '{"high": 75, "high_high": 80}'),
  ('POLY', 'PT', '聚合釜压力', 'reactor pressure', 'pressure', 'kPa', '{"high": 1100, "high_high": 1200}'),
  ('POLY', 'CW', '冷却水流量', 'cooling water', 'cooling_water_flow', 'm³/h', '{"low_low": 90, "low": 110}'),
  ('ALKY', 'TT', '反应器温度', 'reactor temperature', 'temperature', '°C', '{"high": 45, "high_high": 50}'),
  ('ALKY', 'PT', '反应器压力', 'reactor pressure', 'pressure', 'kPa', '{"high": 950, "high_high": 1050}'),
  ('ALKY', 'FT', '烯烃进料流量', 'olefin feed', 'flow', 't/h', '{"high": 12, "high_high": 13}'),
  ('COAL', 'TT', '气化炉温度', 'gasifier temperature', 'temperature', '°C', '{"high": 1450, "high_high": 1500, "deadband": 10}'),
  ('COAL', 'PT', '气化炉压力', 'gasifier pressure', 'pressure', 'kPa', '{"high": 4400, "high_high": 4600, "deadband": 50}'),
  ('COAL', 'FT', '氧气流量', 'oxygen feed', 'flow', 'Nm³/h', '{"high": 23000, "high_high": 24000, "deadband": 200}'),
  ('CARB', 'TT', '炉气温度', 'furnace gas temperature', 'temperature', '°C', '{"high": 750, "high_high": 800, "deadband": 5}'),
  ('CARB', 'PT', '炉压', 'furnace pressure', 'pressure', 'kPa', '{"low": -0.05, "high": 0.1, "high_high": 0.15, "deadband": 0.01}'),
  ('CARB', 'AT', '炉气氢含量', 'hydrogen in furnace gas', 'h2', '%', '{"high": 12, "high_high": 15}'),
  ('AZO', 'TT', '反应釜温度', 'reactor temperature', 'temperature', '°C', '{"high": 80, "high_high": 90}'),
  ('AZO', 'PT', '反应釜压力', 'reactor pressure', 'pressure', 'kPa', '{"high": 350, "high_high": 400}'),
  ('AZO', 'FT', '偶合剂进料流量', 'coupling agent feed', 'flow', 'kg/h', '{"high": 260, "high_high": 280}')
  ) AS t (code, tag, name, name_en, measure, unit, limits);

-- 3. Gas detectors keep the GB/T 50493-2019 set points the alarm engine applies when a detector has no
-- limits of its own (server/modules/alarms/gas-setpoints.ts); these rows add only what the standard does not
-- set: a rate-of-rise alarm for combustible gas and a device-silent timeout (readings every ~5 s). The
-- measure's row overlays the '*' row.
CREATE TABLE gas_detector_defaults (
  measure text PRIMARY KEY,
  thresholds jsonb NOT NULL
);
INSERT INTO gas_detector_defaults (measure, thresholds) VALUES
  ('*', '{"silence_timeout_s": 60}'),
  -- a build-up of 10 %LEL per minute alarms before the 25 %LEL first alarm is reached
  ('combustible', '{"rate_per_min": 10, "rate_window_s": 60}');

-- 4. What the sync has done, per sensor, so that it acts once: a sensor the park deleted is not created
-- again, and gas-detector defaults are merged once (a key the park removed later stays removed).
CREATE TABLE safety_sensor_sync (
  sensor_id text PRIMARY KEY,
  action text NOT NULL CHECK (action IN ('created', 'defaults')),
  at timestamptz NOT NULL DEFAULT now()
);

-- Creates the tank and process sensors that are missing and merges the gas-detector defaults into detectors
-- not yet done. Idempotent; never changes a row it did not create or a key a sensor already has. Runs here for
-- databases seeded before this migration, and after seeding for new ones (syncSafetySensors in
-- server/modules/sensors/sensor-readings.repository.ts). Returns the number of sensors created or updated.
CREATE OR REPLACE FUNCTION safety_sensors_sync() RETURNS integer LANGUAGE sql AS $$
  WITH tank_sensors AS (
    SELECT a.id || '.' || k.tag AS id, a.id AS asset_id, a.enterprise_id, k.kind,
           a.name || k.name AS name, coalesce(a.name_en || ' ', '') || k.name_en AS name_en, k.measure, k.unit,
           coalesce(g.thresholds, '{}') || coalesce(bt.thresholds, '{}') || coalesce(bc.thresholds, '{}') AS thresholds,
           jsonb_build_object('tag', k.tag, 'tank_type', a.props->>'tank_type', 'cas', a.props->>'cas',
                              'chemical', a.props->>'chemical')
             || CASE k.kind WHEN 'tank_pressure' THEN '{"gauge": true}'::jsonb ELSE '{}'::jsonb END AS props,
           ST_PointOnSurface(a.geom) AS geom
      FROM assets a
     CROSS JOIN (VALUES ('LT', 'tank_level', 'level', '%', '液位', 'level'),
                        ('TT', 'tank_temperature', 'temperature', '°C', '温度', 'temperature'),
                        ('PT', 'tank_pressure', 'pressure', 'kPa', '压力', 'pressure')) k (tag, kind, measure, unit, name, name_en)
      LEFT JOIN tank_sensor_defaults g ON g.sensor_kind = k.kind AND g.tank_type = '*' AND g.cas = '*'
      LEFT JOIN tank_sensor_defaults bt ON bt.sensor_kind = k.kind AND bt.tank_type = a.props->>'tank_type' AND bt.cas = '*'
      LEFT JOIN tank_sensor_defaults bc ON bc.sensor_kind = k.kind AND bc.tank_type = '*' AND bc.cas = a.props->>'cas'
     WHERE a.kind = 'tank'
  ), process_sensors AS (
    SELECT 'PU-' || e.id || '-' || p.code || '.' || t.tag AS id, b.id AS asset_id, e.id AS enterprise_id,
           'process' AS kind, p.name || '·' || t.name AS name, p.name_en || ' · ' || t.name_en AS name_en,
           t.measure, t.unit, t.thresholds,
           jsonb_build_object('tag', t.tag, 'process', p.name, 'process_code', p.code) AS props,
           ST_PointOnSurface(coalesce(b.geom, e.geom)) AS geom
      FROM enterprises e
     CROSS JOIN LATERAL unnest(e.processes) AS ep (name)
      JOIN supervised_processes p ON p.name = ep.name
      JOIN process_sensor_templates t ON t.process_code = p.code
      LEFT JOIN LATERAL (
        SELECT b.id, b.geom FROM assets b
         WHERE b.kind = 'building' AND b.enterprise_id = e.id AND b.props->>'use' = 'process'
         ORDER BY strpos(b.name, p.building_stem) > 0 DESC, b.id
         LIMIT 1) b ON true
  ), created AS (
    INSERT INTO sensors (id, device_id, asset_id, enterprise_id, kind, name, name_en, measure, unit, thresholds, props, geom)
    SELECT n.id, NULL, n.asset_id, n.enterprise_id, n.kind, n.name, n.name_en, n.measure, n.unit, n.thresholds, n.props, n.geom
      FROM (SELECT * FROM tank_sensors UNION ALL SELECT * FROM process_sensors) n
     WHERE NOT EXISTS (SELECT 1 FROM safety_sensor_sync l WHERE l.sensor_id = n.id)
    ON CONFLICT (id) DO NOTHING
    RETURNING id
  ), merged AS (
    UPDATE sensors s
       SET thresholds = coalesce((SELECT d.thresholds FROM gas_detector_defaults d WHERE d.measure = '*'), '{}')
                        || coalesce((SELECT d.thresholds FROM gas_detector_defaults d WHERE d.measure = s.measure), '{}')
                        || s.thresholds
     WHERE s.kind = 'gas_detector'
       AND NOT EXISTS (SELECT 1 FROM safety_sensor_sync l WHERE l.sensor_id = s.id)
    RETURNING s.id
  ), logged AS (
    INSERT INTO safety_sensor_sync (sensor_id, action)
    SELECT id, 'created' FROM created UNION ALL SELECT id, 'defaults' FROM merged
    RETURNING 1
  )
  SELECT count(*)::integer FROM logged
$$;

-- 5. Grants and row-level security: the defaults are park data every role may read; the sync log is the park's.
GRANT SELECT ON tank_sensor_defaults, supervised_processes, process_sensor_templates, gas_detector_defaults TO chempark_app;
GRANT SELECT, INSERT ON safety_sensor_sync TO chempark_app;
ALTER TABLE safety_sensor_sync ENABLE ROW LEVEL SECURITY;
ALTER TABLE safety_sensor_sync FORCE ROW LEVEL SECURITY;
CREATE POLICY park_only ON safety_sensor_sync TO chempark_app
  USING (app_scope() = 'park') WITH CHECK (app_scope() = 'park');

-- Databases seeded before this migration get their safety sensors now (as the park, as in 0005).
SELECT set_config('app.scope', 'park', true);
SELECT safety_sensors_sync();
