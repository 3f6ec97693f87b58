-- Core tables of the park twin. Every enterprise-owned row carries enterprise_id for RLS.
-- Geometry columns are geometry(<Type>, 4326) with a GiST index; time is timestamptz.

CREATE TABLE parks (
  id text PRIMARY KEY,
  name text NOT NULL,
  name_en text NOT NULL,
  geom geometry(Polygon, 4326) NOT NULL
);
CREATE INDEX parks_geom_gix ON parks USING gist (geom);

CREATE TABLE enterprises (
  id text PRIMARY KEY,
  name text NOT NULL,
  name_en text NOT NULL,
  industry text NOT NULL,
  industry_en text NOT NULL,
  risk text NOT NULL CHECK (risk IN ('red', 'orange', 'yellow', 'blue')),
  credit_code text NOT NULL UNIQUE,
  processes text[] NOT NULL DEFAULT '{}',
  geom geometry(Polygon, 4326) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- the enterprise itself is the owner of its record
  enterprise_id text GENERATED ALWAYS AS (id) STORED
);
CREATE INDEX enterprises_geom_gix ON enterprises USING gist (geom);

CREATE TABLE assets (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('building', 'tank', 'tank_farm', 'gate', 'parking', 'muster_point',
    'fire_station', 'hydrant', 'depot', 'gas_detector', 'monitor_point')),
  enterprise_id text REFERENCES enterprises (id),
  name text NOT NULL,
  name_en text,
  geom geometry(Geometry, 4326) NOT NULL CHECK (ST_IsValid(geom)),
  height_m double precision CHECK (height_m IS NULL OR height_m >= 0),
  props jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assets_geom_gix ON assets USING gist (geom);
CREATE INDEX assets_kind_idx ON assets (kind);
CREATE INDEX assets_enterprise_idx ON assets (enterprise_id);

CREATE TABLE road_nodes (
  id text PRIMARY KEY,
  name text,
  geom geometry(Point, 4326) NOT NULL
);
CREATE INDEX road_nodes_geom_gix ON road_nodes USING gist (geom);

CREATE TABLE roads (
  id text PRIMARY KEY,
  from_node text NOT NULL REFERENCES road_nodes (id),
  to_node text NOT NULL REFERENCES road_nodes (id),
  name text NOT NULL,
  name_en text,
  width_m double precision NOT NULL CHECK (width_m > 0),
  speed_limit_kmh double precision NOT NULL CHECK (speed_limit_kmh > 0),
  road_class text NOT NULL,
  geom geometry(LineString, 4326) NOT NULL
);
CREATE INDEX roads_geom_gix ON roads USING gist (geom);

CREATE TABLE zones (
  id text PRIMARY KEY,
  name text NOT NULL,
  name_en text,
  zone_type text NOT NULL,
  enterprise_id text REFERENCES enterprises (id),
  active boolean NOT NULL DEFAULT true,
  props jsonb NOT NULL DEFAULT '{}',
  geom geometry(Polygon, 4326) NOT NULL CHECK (ST_IsValid(geom)),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX zones_geom_gix ON zones USING gist (geom);

-- Positioning cards (定位卡) and JT/T 808 terminals: anything that reports positions.
CREATE TABLE tags (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('vehicle', 'hazmat_vehicle', 'visitor', 'contractor', 'staff')),
  label text NOT NULL,
  enterprise_id text REFERENCES enterprises (id),
  terminal_phone text UNIQUE,
  props jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Positions, partitioned by day (closed-area.md: BRIN on time, GiST on geometry, natural key).
CREATE TABLE positions (
  tag_id text NOT NULL,
  device_time timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  enterprise_id text,
  geom geometry(Point, 4326) NOT NULL,
  speed_kmh real,
  heading_deg real,
  source text NOT NULL,
  props jsonb,
  PRIMARY KEY (tag_id, device_time)
) PARTITION BY RANGE (device_time);
CREATE INDEX positions_time_brin ON positions USING brin (device_time);
CREATE INDEX positions_geom_gix ON positions USING gist (geom);
-- A device with a wrong clock must not lose data: out-of-range rows land here.
CREATE TABLE positions_default PARTITION OF positions DEFAULT;

-- The sensor registry: one row per measured channel; device_id is the asset that carries it.
CREATE TABLE sensors (
  id text PRIMARY KEY,
  device_id text REFERENCES assets (id),
  asset_id text REFERENCES assets (id),
  enterprise_id text REFERENCES enterprises (id),
  kind text NOT NULL,
  name text NOT NULL,
  name_en text,
  measure text NOT NULL,
  unit text,
  mn text,
  thresholds jsonb NOT NULL DEFAULT '{}',
  props jsonb NOT NULL DEFAULT '{}',
  geom geometry(Point, 4326),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sensors_asset_idx ON sensors (asset_id);
CREATE INDEX sensors_geom_gix ON sensors USING gist (geom);

CREATE TABLE readings (
  sensor_id text NOT NULL,
  t timestamptz NOT NULL,
  enterprise_id text,
  value double precision,
  flag text,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sensor_id, t)
) PARTITION BY RANGE (t);
CREATE INDEX readings_time_brin ON readings USING brin (t);
CREATE TABLE readings_default PARTITION OF readings DEFAULT;

CREATE TABLE alarms (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source_type text NOT NULL,
  source_id text NOT NULL,
  rule text NOT NULL,
  source_event_time timestamptz NOT NULL,
  enterprise_id text REFERENCES enterprises (id),
  priority text NOT NULL CHECK (priority IN ('low', 'high', 'urgent')),
  state text NOT NULL CHECK (state IN ('unack', 'ack', 'rtn_unack', 'cleared', 'shelved', 'out_of_service')),
  message text NOT NULL,
  props jsonb NOT NULL DEFAULT '{}',
  geom geometry(Point, 4326),
  raised_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source_id, rule, source_event_time)
);
-- one active alarm per source and rule (ISA-18.2)
CREATE UNIQUE INDEX alarms_one_active ON alarms (source_id, rule) WHERE state IN ('unack', 'ack', 'rtn_unack', 'shelved');

-- Alarms are pushed from this outbox after commit (at-least-once).
CREATE TABLE outbox (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  topic text NOT NULL,
  payload jsonb NOT NULL,
  enterprise_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX outbox_pending_idx ON outbox (id) WHERE published_at IS NULL;

CREATE TABLE documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_type text NOT NULL CHECK (owner_type IN ('park', 'enterprise', 'asset', 'project')),
  owner_id text NOT NULL,
  enterprise_id text REFERENCES enterprises (id),
  doc_type text NOT NULL,
  title text NOT NULL,
  file_name text,
  mime_type text,
  size_bytes bigint,
  storage_key text,
  issued_on date,
  expires_on date,
  tags text[] NOT NULL DEFAULT '{}',
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX documents_owner_idx ON documents (owner_type, owner_id);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username text NOT NULL UNIQUE CHECK (username ~ '^[A-Za-z0-9_.-]{1,64}$'),
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('park_admin', 'operator', 'enterprise_user', 'screen')),
  enterprise_id text REFERENCES enterprises (id),
  password_hash text NOT NULL,
  disabled boolean NOT NULL DEFAULT false,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((role = 'enterprise_user') = (enterprise_id IS NOT NULL))
);

CREATE TABLE sessions (
  id text PRIMARY KEY, -- sha256 of the cookie token, never the token itself
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ip text,
  user_agent text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Audit records (等保 2.0): time, user, event, result; append-only for the app.
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  user_id uuid,
  username text,
  action text NOT NULL,
  target text,
  result text NOT NULL CHECK (result IN ('ok', 'denied', 'failed')),
  ip text,
  detail jsonb NOT NULL DEFAULT '{}',
  enterprise_id text
);
CREATE INDEX audit_log_at_idx ON audit_log USING brin (at);
CREATE FUNCTION audit_log_immutable() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_immutable();
