-- Hazardous-waste ledger (危险废物管理台账, HJ 1259-2022 style): waste streams per enterprise, storage facilities
-- (贮存设施) with their permitted storage limit, generation records (产生记录, one FIFO batch each) and transfer
-- manifests (危险废物转移联单). Stock per stream and facility = generated − shipped; the oldest batch not yet
-- shipped (FIFO) gives the storage age (固体废物污染环境防治法 §81: storage generally ≤ 1 year).
-- Quantities are tonnes with three decimals (kg precision); days are park days (China Standard Time).

-- 1. Waste streams: one row per waste code an enterprise produces (《国家危险废物名录》2021: HW category + 8-digit
-- waste code whose last two digits repeat the category number, e.g. HW08 / 900-249-08).
CREATE TABLE hazwaste_streams (
  id text PRIMARY KEY DEFAULT gen_random_uuid()::text CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  enterprise_id text NOT NULL REFERENCES enterprises (id),
  hw_category text NOT NULL CHECK (hw_category ~ '^HW(0[1-9]|[1-4][0-9]|50)$'),
  waste_code text NOT NULL CHECK (waste_code ~ '^[0-9]{3}-[0-9]{3}-[0-9]{2}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  name_en text CHECK (name_en IS NULL OR length(name_en) <= 100),
  -- hazard characteristics (危险特性): T toxicity, C corrosivity, I ignitability, R reactivity, In infectivity
  hazards text[] NOT NULL CHECK (cardinality(hazards) >= 1 AND hazards <@ ARRAY['T', 'C', 'I', 'R', 'In']),
  form text NOT NULL CHECK (form IN ('solid', 'semi_solid', 'liquid', 'gas')),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (right(waste_code, 2) = right(hw_category, 2)),
  UNIQUE (enterprise_id, waste_code),
  -- target of the composite foreign keys below: a record's stream belongs to the record's enterprise
  UNIQUE (id, enterprise_id)
);

-- 2. Storage facilities (贮存设施, GB 18597-2023) and the storage limit of the enterprise's permit / EIA approval.
CREATE TABLE hazwaste_facilities (
  id text PRIMARY KEY DEFAULT gen_random_uuid()::text CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  enterprise_id text NOT NULL REFERENCES enterprises (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  name_en text CHECK (name_en IS NULL OR length(name_en) <= 100),
  kind text NOT NULL DEFAULT 'warehouse' CHECK (kind IN ('warehouse', 'tank', 'yard', 'other')),
  permitted_limit_t numeric(12, 3) NOT NULL CHECK (permitted_limit_t > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (enterprise_id, name),
  UNIQUE (id, enterprise_id)
);

-- 3. Generation records: each is one batch put into one facility on one day.
CREATE TABLE hazwaste_generations (
  id text PRIMARY KEY DEFAULT gen_random_uuid()::text CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  enterprise_id text NOT NULL REFERENCES enterprises (id),
  stream_id text NOT NULL,
  facility_id text NOT NULL,
  day date NOT NULL,
  quantity_t numeric(12, 3) NOT NULL CHECK (quantity_t > 0),
  note text CHECK (note IS NULL OR length(note) <= 500),
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (stream_id, enterprise_id) REFERENCES hazwaste_streams (id, enterprise_id),
  FOREIGN KEY (facility_id, enterprise_id) REFERENCES hazwaste_facilities (id, enterprise_id)
);
-- FIFO order within one stream and facility
CREATE INDEX hazwaste_generations_fifo_idx ON hazwaste_generations (stream_id, facility_id, day, created_at, id);

-- 4. Transfer manifests (转移联单): created → shipped → received, or created → cancelled. Stock leaves the facility
-- when the load is shipped; a created manifest reserves its quantity.
CREATE TABLE hazwaste_manifests (
  id text PRIMARY KEY DEFAULT gen_random_uuid()::text CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  enterprise_id text NOT NULL REFERENCES enterprises (id),
  manifest_no text NOT NULL UNIQUE CHECK (manifest_no ~ '^[A-Za-z0-9-]{6,40}$'),
  stream_id text NOT NULL,
  facility_id text NOT NULL,
  quantity_t numeric(12, 3) NOT NULL CHECK (quantity_t > 0),
  -- 接收单位 and its 危险废物经营许可证 number
  receiver_name text NOT NULL CHECK (length(receiver_name) BETWEEN 1 AND 100),
  receiver_licence text NOT NULL CHECK (length(receiver_licence) BETWEEN 1 AND 64),
  transporter text NOT NULL CHECK (length(transporter) BETWEEN 1 AND 100),
  planned_date date NOT NULL,
  actual_date date,
  status text NOT NULL DEFAULT 'created' CHECK (status IN ('created', 'shipped', 'received', 'cancelled')),
  received_quantity_t numeric(12, 3) CHECK (received_quantity_t IS NULL OR received_quantity_t > 0),
  received_date date,
  cancel_reason text CHECK (cancel_reason IS NULL OR length(cancel_reason) <= 500),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (stream_id, enterprise_id) REFERENCES hazwaste_streams (id, enterprise_id),
  FOREIGN KEY (facility_id, enterprise_id) REFERENCES hazwaste_facilities (id, enterprise_id),
  CHECK (status IN ('created', 'cancelled') OR actual_date IS NOT NULL),
  CHECK (status <> 'received' OR (received_quantity_t IS NOT NULL AND received_date IS NOT NULL)),
  CHECK (received_date IS NULL OR actual_date IS NULL OR received_date >= actual_date)
);
CREATE INDEX hazwaste_manifests_position_idx ON hazwaste_manifests (stream_id, facility_id, status);
CREATE INDEX hazwaste_manifests_enterprise_idx ON hazwaste_manifests (enterprise_id, created_at DESC);

-- 5. Grants and row-level security as in 0004: an enterprise reads and writes its own ledger, the park all of it.
-- Ledger rows are never deleted by the app (a wrong manifest is cancelled, with a reason).
GRANT SELECT, INSERT ON hazwaste_streams, hazwaste_facilities, hazwaste_generations TO chempark_app;
GRANT SELECT, INSERT, UPDATE ON hazwaste_manifests TO chempark_app;
-- FOR UPDATE on the facility row serialises stock checks of one facility
GRANT UPDATE ON hazwaste_facilities TO chempark_app;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['hazwaste_streams', 'hazwaste_facilities', 'hazwaste_generations', 'hazwaste_manifests']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_read ON %I FOR SELECT TO chempark_app USING (app_can_read(enterprise_id))', t);
    EXECUTE format('CREATE POLICY tenant_insert ON %I FOR INSERT TO chempark_app WITH CHECK (app_can_write(enterprise_id))', t);
    EXECUTE format('CREATE POLICY tenant_update ON %I FOR UPDATE TO chempark_app USING (app_can_write(enterprise_id)) WITH CHECK (app_can_write(enterprise_id))', t);
  END LOOP;
END $$;
