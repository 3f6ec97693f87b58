-- PostGIS first: every later migration uses geometry(…, 4326).
CREATE EXTENSION IF NOT EXISTS postgis;
