-- Video (视频): cameras are assets of kind `camera` (drawn and picked on the twin like any asset); the stream
-- each one is played from lives in `cameras`, apart from the asset list every viewer of the twin downloads
-- (a real deployment's gateway URL may carry a token). Browsers play HLS only: an RTSP camera is put behind an
-- RTSP → HLS gateway (e.g. MediaMTX) and its playlist URL is set here.

-- 1. The asset kind. Appended to whatever list the constraint holds now, so other migrations' kinds stay.
DO $$
DECLARE def text;
BEGIN
  SELECT pg_get_constraintdef(oid) INTO def FROM pg_constraint
   WHERE conrelid = 'assets'::regclass AND conname = 'assets_kind_check';
  IF def IS NULL THEN
    RAISE EXCEPTION 'assets_kind_check not found';
  END IF;
  IF def NOT LIKE '%''camera''%' THEN
    IF def NOT LIKE '%::text])%' THEN
      RAISE EXCEPTION 'unexpected form of assets_kind_check: %', def;
    END IF;
    ALTER TABLE assets DROP CONSTRAINT assets_kind_check;
    EXECUTE 'ALTER TABLE assets ADD CONSTRAINT assets_kind_check '
      || regexp_replace(def, '::text\]\)', '::text, ''camera''::text])');
  END IF;
END $$;

-- 2. Streams. enterprise_id repeats the asset's, for row-level security.
CREATE TABLE cameras (
  id text PRIMARY KEY REFERENCES assets (id) ON DELETE CASCADE,
  enterprise_id text REFERENCES enterprises (id),
  -- an http(s) URL, or a same-origin path to an .m3u8 playlist (checked again by the API: server/contracts/video.ts)
  stream_url text NOT NULL CHECK (length(stream_url) BETWEEN 2 AND 2000
    AND (stream_url ~ '^https?://[^\s]+$' OR stream_url ~ '^/[^/\s][^\s]*\.m3u8([?#][^\s]*)?$')),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cameras_enterprise_idx ON cameras (enterprise_id);

-- 3. The demo park's cameras, created once when the park has none (a later start never re-creates a camera the
-- park removed): one over each park gate's lanes, one at each enterprise's entrance, one on a corner of each
-- tank farm's dike. All play the shipped test stream until the park sets a real one. Returns cameras created.
CREATE OR REPLACE FUNCTION cameras_sync() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE n integer;
BEGIN
  IF EXISTS (SELECT 1 FROM assets WHERE kind = 'camera') OR NOT EXISTS (SELECT 1 FROM parks) THEN
    RETURN 0;
  END IF;
  WITH planned AS (
    -- 25 m north-east of the gate point, so the two icons do not cover each other
    SELECT 'CAM-' || g.id AS id, NULL::text AS enterprise_id, g.name || '·车牌识别摄像机' AS name,
           coalesce(g.name_en || ' ', '') || 'plate camera' AS name_en,
           ST_Project(g.geom::geography, 25, radians(45))::geometry AS geom,
           jsonb_build_object('camera_class', 'gate', 'watches', g.id, 'mount_height_m', 6) AS props
      FROM assets g WHERE g.kind = 'gate' AND GeometryType(g.geom) = 'POINT'
    UNION ALL
    -- the enterprise's office building (its gatehouse side), else inside its parcel
    SELECT 'CAM-' || e.id, e.id, e.name || '·厂区出入口监控', e.name_en || ' entrance camera',
           coalesce((SELECT ST_PointOnSurface(b.geom) FROM assets b
                      WHERE b.kind = 'building' AND b.enterprise_id = e.id AND b.props->>'use' = 'office'
                      ORDER BY b.id LIMIT 1), ST_PointOnSurface(e.geom)),
           jsonb_build_object('camera_class', 'enterprise', 'watches', NULL, 'mount_height_m', 8)
      FROM enterprises e
    UNION ALL
    -- a pole on the dike's first corner, looking over the farm
    SELECT 'CAM-' || f.id, f.enterprise_id, f.name || '·罐区监控', coalesce(f.name_en || ' ', '') || 'camera',
           ST_PointN(ST_ExteriorRing(f.geom), 1),
           jsonb_build_object('camera_class', 'tank_farm', 'watches', f.id, 'mount_height_m', 12)
      FROM assets f WHERE f.kind = 'tank_farm' AND GeometryType(f.geom) = 'POLYGON'
  ), assets_created AS (
    INSERT INTO assets (id, kind, enterprise_id, name, name_en, geom, height_m, props)
    SELECT id, 'camera', enterprise_id, name, name_en, geom, (props->>'mount_height_m')::float8, props FROM planned
    ON CONFLICT (id) DO NOTHING
    RETURNING id, enterprise_id
  )
  INSERT INTO cameras (id, enterprise_id, stream_url)
  SELECT id, enterprise_id, '/api/v1/video/test-pattern/live.m3u8' FROM assets_created;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;

-- 4. Grants and row-level security. A camera is seen by the park, and by an enterprise only when it is the
-- enterprise's own: the park gates' plate cameras are not an enterprise's business (as their gate events are not).
-- The restrictive policy hides such camera assets too (the permissive asset policies let an enterprise read
-- every park-wide asset). Streams are set by the park.
GRANT SELECT ON cameras TO chempark_app;
GRANT UPDATE (stream_url, updated_at) ON cameras TO chempark_app;
ALTER TABLE cameras ENABLE ROW LEVEL SECURITY;
ALTER TABLE cameras FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_read ON cameras FOR SELECT TO chempark_app
  USING (app_scope() = 'park' OR (app_scope() = 'enterprise' AND enterprise_id = app_enterprise_id()));
CREATE POLICY park_update ON cameras FOR UPDATE TO chempark_app
  USING (app_scope() = 'park') WITH CHECK (app_scope() = 'park');
CREATE POLICY cameras_own_enterprise ON assets AS RESTRICTIVE FOR SELECT TO chempark_app
  USING (kind <> 'camera' OR app_scope() = 'park'
         OR (app_scope() = 'enterprise' AND enterprise_id = app_enterprise_id()));

-- an existing, seeded database gets its cameras now; a new one when main.ts seeds the park (syncCameras)
SELECT cameras_sync();
