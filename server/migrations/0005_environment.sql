-- Environmental supervision data path: HJ 212-2017 data collectors (数采仪), their channels, the packets
-- received (idempotency by natural key), interval statistics on readings, and ingest rejections.

-- 1. readings: which series a value belongs to, and the interval statistics of minute/hour/day data.
-- HJ 212-2017 §6.3 CP fields: real-time data (CN 2011) carries Rtd; minute/hour/day data (CN 2051/2061/2031)
-- carry Min/Avg/Max/Cou. `value` holds Rtd or Avg; `stats` the rest ({min, max, cou, zs_avg, …}).
ALTER TABLE readings ADD COLUMN kind text NOT NULL DEFAULT 'rtd';
ALTER TABLE readings ADD COLUMN stats jsonb;
ALTER TABLE readings ADD CONSTRAINT readings_kind_check CHECK (kind IN ('rtd', 'min', 'hour', 'day'));
-- Natural key (reliability-security.md promise 3): one value per channel, series and DataTime. Every row is
-- unique under the new key because the old one, (sensor_id, t), is a subset of it: safe with rows present.
ALTER TABLE readings DROP CONSTRAINT readings_pkey;
ALTER TABLE readings ADD PRIMARY KEY (sensor_id, kind, t);

-- ATTACH PARTITION requires the partition to carry the parent's CHECK constraints (PostgreSQL docs,
-- ALTER TABLE … ATTACH PARTITION), and readings now has one: copy constraints with the columns. Otherwise
-- unchanged from 0004.
CREATE OR REPLACE FUNCTION ensure_day_partitions(parent text, first_day date, days integer)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = public SET TimeZone = 'UTC' AS $$
DECLARE
  d date;
  part text;
  created integer := 0;
BEGIN
  IF parent NOT IN ('positions', 'readings') THEN
    RAISE EXCEPTION 'not a partitioned table: %', parent;
  END IF;
  FOR i IN 0 .. days - 1 LOOP
    d := first_day + i;
    part := format('%s_p%s', parent, to_char(d, 'YYYYMMDD'));
    IF to_regclass(part) IS NULL THEN
      EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part, parent);
      EXECUTE format(
        'WITH moved AS (DELETE FROM %I_default WHERE %s >= %L AND %s < %L RETURNING *) INSERT INTO %I SELECT * FROM moved',
        parent, CASE parent WHEN 'positions' THEN 'device_time' ELSE 't' END, d,
        CASE parent WHEN 'positions' THEN 'device_time' ELSE 't' END, d + 1, part);
      EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', parent, part, d, d + 1);
      created := created + 1;
    END IF;
  END LOOP;
  RETURN created;
END $$;
REVOKE ALL ON FUNCTION ensure_day_partitions(text, date, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ensure_day_partitions(text, date, integer) TO chempark_app;

-- 2. Collector registry. PW is what the device must send (HJ 212-2017 §6.3, up to 6 characters). Seeded
-- collectors get a deterministic demo password, the first 6 hex digits of md5(MN), which the simulator derives
-- the same way (sensors/simulators/hj212/password.ts); a real deployment sets each device's own PW here.
CREATE TABLE hj212_collectors (
  mn text PRIMARY KEY CHECK (mn ~ '^[!-~]{1,64}$' AND mn !~ '[|&;=]'),
  pw text NOT NULL CHECK (length(pw) <= 64),
  -- expected ST (31 waste gas, 32 wastewater); null accepts any
  st integer,
  measure text NOT NULL CHECK (measure IN ('wastewater', 'waste_gas')),
  enterprise_id text REFERENCES enterprises (id),
  -- the monitor point (assets.kind 'monitor_point') the collector serves
  asset_id text REFERENCES assets (id),
  name text NOT NULL,
  name_en text,
  -- real-time upload interval (HJ 212-2017 CN 1062 RtdInterval); online = a packet within twice this
  rtd_interval_s integer NOT NULL DEFAULT 30 CHECK (rtd_interval_s > 0),
  active boolean NOT NULL DEFAULT true,
  -- last CN 2021 device status (CP items such as `SB1-RS`), as sent
  status jsonb,
  status_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX hj212_collectors_enterprise_idx ON hj212_collectors (enterprise_id);

-- Default channels of a new collector, per measure, with default alarm thresholds. Park-editable data
-- (safety-standards.md: real limits come from each outlet's discharge permit and are kept per channel in
-- sensors.thresholds; these rows only seed them).
CREATE TABLE hj212_channel_defaults (
  measure text NOT NULL CHECK (measure IN ('wastewater', 'waste_gas')),
  code text NOT NULL,
  name text NOT NULL,
  name_en text NOT NULL,
  unit text,
  thresholds jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (measure, code)
);
INSERT INTO hj212_channel_defaults (measure, code, name, name_en, unit, thresholds) VALUES
  ('wastewater', 'w00000', '污水流量', 'flow', 'L/s', '{}'),
  ('wastewater', 'w01001', 'pH值', 'pH', NULL,
    '{"low": 6, "high": 9, "source": "GB 18918-2002 一级A"}'),
  ('wastewater', 'w01018', '化学需氧量', 'COD', 'mg/L', '{"high": 50, "source": "GB 18918-2002 一级A"}'),
  -- GB 18918-2002 table 1 note: 8 mg/L applies while the water is at or below 12 ℃
  ('wastewater', 'w21003', '氨氮', 'NH3-N', 'mg/L',
    '{"high": 5, "high_cold": 8, "source": "GB 18918-2002 一级A"}'),
  ('waste_gas', 'a00000', '废气流量', 'flow', 'm³/s', '{}'),
  -- Waste-gas limits are not in the confirmed domain notes: GB 31571-2015 process-furnace values as recalled,
  -- marked unconfirmed; set each stack's limits from its 排污许可证.
  ('waste_gas', 'a21026', '二氧化硫', 'SO2', 'mg/m³',
    '{"high": 100, "source": "unconfirmed default (GB 31571-2015 process furnace); edit per discharge permit"}'),
  ('waste_gas', 'a21002', '氮氧化物', 'NOx', 'mg/m³',
    '{"high": 150, "source": "unconfirmed default (GB 31571-2015 process furnace); edit per discharge permit"}'),
  ('waste_gas', 'a34013', '颗粒物', 'particulates', 'mg/m³',
    '{"high": 20, "source": "unconfirmed default (GB 31571-2015 process furnace); edit per discharge permit"}'),
  ('waste_gas', 'a19001', '氧气含量', 'O2', '%', '{}');

-- Channels are `sensors` rows of kind 'hj212_channel': id `<MN>.<2017 code>`, props.code the 2017 code.
CREATE UNIQUE INDEX sensors_hj212_channel_uidx ON sensors (mn, (props->>'code')) WHERE kind = 'hj212_channel';

-- Registers a collector for every monitor point with an MN that has none, and its default channels. Idempotent;
-- never changes existing rows (thresholds edited by the park stay). Runs here for databases seeded before this
-- migration, and at ingest start for databases seeded after it.
CREATE OR REPLACE FUNCTION hj212_sync_registry() RETURNS integer LANGUAGE sql AS $$
  WITH new_collectors AS (
    INSERT INTO hj212_collectors (mn, pw, st, measure, enterprise_id, asset_id, name, name_en)
    SELECT DISTINCT ON (s.mn) s.mn, left(md5(s.mn), 6), CASE s.measure WHEN 'wastewater' THEN 32 ELSE 31 END,
           s.measure, s.enterprise_id, s.device_id, s.name, s.name_en
      FROM sensors s
     WHERE s.kind = 'monitor_point' AND s.mn IS NOT NULL AND s.measure IN ('wastewater', 'waste_gas')
     ORDER BY s.mn, s.id
    ON CONFLICT (mn) DO NOTHING
    RETURNING 1
  ), new_channels AS (
    INSERT INTO sensors (id, device_id, asset_id, enterprise_id, kind, name, name_en, measure, unit, mn, thresholds, props, geom)
    SELECT c.mn || '.' || d.code, c.asset_id, coalesce(mp.asset_id, c.asset_id), c.enterprise_id, 'hj212_channel',
           c.name || ' ' || d.name, coalesce(c.name_en || ' ', '') || d.name_en, c.measure, d.unit, c.mn, d.thresholds,
           jsonb_build_object('code', d.code), coalesce(mp.geom, ST_PointOnSurface(a.geom))
      FROM (SELECT DISTINCT ON (s.mn) s.mn, s.measure, s.enterprise_id, s.device_id AS asset_id, s.name, s.name_en
              FROM sensors s
             WHERE s.kind = 'monitor_point' AND s.mn IS NOT NULL
             ORDER BY s.mn, s.id) c
      JOIN hj212_channel_defaults d ON d.measure = c.measure
      LEFT JOIN sensors mp ON mp.id = c.asset_id AND mp.kind = 'monitor_point'
      LEFT JOIN assets a ON a.id = c.asset_id
    ON CONFLICT DO NOTHING
    RETURNING 1
  )
  SELECT ((SELECT count(*) FROM new_collectors) + (SELECT count(*) FROM new_channels))::integer
$$;

-- 3. Packets received, keyed by the HJ 212 natural key (MN, CN, DataTime, PNO); PNO 0 for unsplit packets.
-- A retransmitted upload conflicts here and is answered without storing anything again.
CREATE TABLE hj212_packets (
  mn text NOT NULL REFERENCES hj212_collectors (mn),
  cn integer NOT NULL,
  data_time timestamptz NOT NULL,
  pno integer NOT NULL DEFAULT 0,
  pnum integer,
  qn text,
  received_at timestamptz NOT NULL DEFAULT now(),
  enterprise_id text,
  PRIMARY KEY (mn, cn, data_time, pno)
);
-- last packet per collector (online state)
CREATE INDEX hj212_packets_mn_received_idx ON hj212_packets (mn, received_at DESC);

-- 4. Rejected device input of every ingest protocol: park-admin data, no enterprise. Rows are rate-limited
-- by the ingest (counters are not), so a flood cannot fill the table.
CREATE TABLE ingest_rejections (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  protocol text NOT NULL,
  reason text NOT NULL,
  peer text,
  mn text,
  detail text NOT NULL,
  raw_excerpt text
);
CREATE INDEX ingest_rejections_protocol_idx ON ingest_rejections (protocol, id DESC);

-- 5. Grants and row-level security, as in 0004.
GRANT SELECT, INSERT, UPDATE ON hj212_collectors TO chempark_app;
GRANT SELECT ON hj212_channel_defaults TO chempark_app;
GRANT SELECT, INSERT ON hj212_packets, ingest_rejections TO chempark_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO chempark_app;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['hj212_collectors', 'hj212_packets']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_read ON %I FOR SELECT TO chempark_app USING (app_can_read(enterprise_id))', t);
    EXECUTE format('CREATE POLICY tenant_insert ON %I FOR INSERT TO chempark_app WITH CHECK (app_can_write(enterprise_id))', t);
    EXECUTE format('CREATE POLICY tenant_update ON %I FOR UPDATE TO chempark_app USING (app_can_write(enterprise_id)) WITH CHECK (app_can_write(enterprise_id))', t);
  END LOOP;
END $$;
ALTER TABLE ingest_rejections ENABLE ROW LEVEL SECURITY;
ALTER TABLE ingest_rejections FORCE ROW LEVEL SECURITY;
CREATE POLICY park_only ON ingest_rejections TO chempark_app
  USING (app_scope() = 'park') WITH CHECK (app_scope() = 'park');

-- Databases seeded before this migration get their collectors now (as the park, so forced RLS lets it write).
SELECT set_config('app.scope', 'park', true);
SELECT hj212_sync_registry();
