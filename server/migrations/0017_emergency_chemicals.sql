-- Chemicals the hazard models compute with (emergency center): identity, toxic levels of concern,
-- flammability and pool-fire data, seeded for the chemicals the demo park stores (geodata/lib/chemicals.ts,
-- matched to tanks by CAS number) and a few process gases. The park admin edits it (PATCH, audited).
--
-- Sources of the seeded values:
--   [AEGL]  US EPA, Acute Exposure Guideline Levels, final/interim values table (60-minute values, ppm).
--   [ERPG]  AIHA, Emergency Response Planning Guidelines (ERPG/WEEL Handbook, 2016 edition), ppm.
--   [IDLH]  NIOSH, Documentation for IDLH Values (1994, revised) and the NIOSH Pocket Guide (NPG), ppm.
--   [NPG]   NIOSH Pocket Guide to Chemical Hazards: molecular weight, LEL/UEL (% v/v), boiling point.
--   [FDT]   NUREG-1805 (2004), Fire Dynamics Tools, burning-rate table of chapters 3 and 5 (after Babrauskas,
--           SFPE Handbook): m″ (kg/m²·s), effective heat of combustion ΔHc,eff (MJ/kg), kβ (1/m).
--   [SFPE]  Babrauskas, "Burning rates", SFPE Handbook of Fire Protection Engineering, large-pool data, for
--           fuels the FDT table lacks.
--   [LHV]   lower heat of combustion from the standard enthalpy of combustion (water as vapour), used for
--           VCE where the FDT table has no effective value.
--   [GEO]   liquid density of the stored product, geodata/lib/chemicals.ts.
-- A field named in props.unconfirmed could not be checked against its source here: it is shown as such in
-- the UI and should be confirmed by the park before the figures are relied on.

CREATE TABLE chemicals (
  id text PRIMARY KEY CHECK (id ~ '^[a-z0-9_]{1,64}$'),
  name_zh text NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 100),
  name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 100),
  cas text UNIQUE CHECK (cas IS NULL OR cas ~ '^[0-9]{2,7}-[0-9]{2}-[0-9]$'),
  un_number text CHECK (un_number IS NULL OR un_number ~ '^[0-9]{4}$'),
  -- g/mol
  mw double precision NOT NULL CHECK (mw > 0),
  -- 60-minute AEGLs and ERPGs, ppm
  aegl1_ppm double precision CHECK (aegl1_ppm > 0),
  aegl2_ppm double precision CHECK (aegl2_ppm > 0),
  aegl3_ppm double precision CHECK (aegl3_ppm > 0),
  erpg1_ppm double precision CHECK (erpg1_ppm > 0),
  erpg2_ppm double precision CHECK (erpg2_ppm > 0),
  erpg3_ppm double precision CHECK (erpg3_ppm > 0),
  idlh_ppm double precision CHECK (idlh_ppm > 0),
  -- % v/v in air
  lel_pct double precision CHECK (lel_pct > 0 AND lel_pct <= 100),
  uel_pct double precision CHECK (uel_pct > 0 AND uel_pct <= 100),
  -- pool fire: m″ kg/(m²·s), ΔHc MJ/kg (effective where NUREG-1805 lists it, else lower heating value), kβ 1/m
  burning_rate_kg_m2s double precision CHECK (burning_rate_kg_m2s > 0),
  heat_of_combustion_mj_kg double precision CHECK (heat_of_combustion_mj_kg > 0),
  k_beta_per_m double precision CHECK (k_beta_per_m > 0),
  liquid_density_kg_m3 double precision CHECK (liquid_density_kg_m3 > 0),
  boiling_point_c double precision CHECK (boiling_point_c >= -273.15),
  -- stored as a liquefied gas (pressurised or refrigerated): a release may flash to a dense aerosol
  liquefied_gas boolean NOT NULL DEFAULT false,
  -- sources, unconfirmed fields, values in other units (mg/m³ for aerosols), notes
  props jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(props) = 'object'),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text,
  CHECK (aegl1_ppm IS NULL OR aegl2_ppm IS NULL OR aegl1_ppm <= aegl2_ppm),
  CHECK (aegl2_ppm IS NULL OR aegl3_ppm IS NULL OR aegl2_ppm <= aegl3_ppm),
  CHECK (erpg1_ppm IS NULL OR erpg2_ppm IS NULL OR erpg1_ppm <= erpg2_ppm),
  CHECK (erpg2_ppm IS NULL OR erpg3_ppm IS NULL OR erpg2_ppm <= erpg3_ppm),
  CHECK (lel_pct IS NULL OR uel_pct IS NULL OR lel_pct < uel_pct)
);

INSERT INTO chemicals (id, name_zh, name_en, cas, un_number, mw,
  aegl1_ppm, aegl2_ppm, aegl3_ppm, erpg1_ppm, erpg2_ppm, erpg3_ppm, idlh_ppm, lel_pct, uel_pct,
  burning_rate_kg_m2s, heat_of_combustion_mj_kg, k_beta_per_m, liquid_density_kg_m3, boiling_point_c,
  liquefied_gas, props) VALUES
-- chlorine: [AEGL] 0.50/2.0/20 (final); [ERPG] 1/3/20; [IDLH] 10; [NPG] MW 70.9, bp −34 °C
('chlorine', '液氯', 'Chlorine', '7782-50-5', '1017', 70.90,
  0.50, 2.0, 20, 1, 3, 20, 10, NULL, NULL,
  NULL, NULL, NULL, 1410, -34.0, true,
  '{"sources": ["AEGL final", "ERPG 2016", "NIOSH IDLH", "NIOSH NPG"], "dense_gas": true}'),
-- ammonia: [AEGL] 30/160/1100 (final); [ERPG] 25/150/1500 (ERPG-3 raised from 750 in the 2013/2014
-- revision; unconfirmed here); [IDLH] 300; [NPG] LEL 15 UEL 28, bp −33 °C; [LHV] 18.6 MJ/kg
('ammonia', '液氨', 'Ammonia (anhydrous)', '7664-41-7', '1005', 17.03,
  30, 160, 1100, 25, 150, 1500, 300, 15, 28,
  NULL, 18.6, NULL, 610, -33.3, true,
  '{"sources": ["AEGL final", "ERPG 2016", "NIOSH IDLH", "NIOSH NPG", "LHV"], "unconfirmed": ["erpg3_ppm"],
    "note": "cold two-phase releases behave as a dense gas although the vapour is lighter than air"}'),
-- methanol: [AEGL] 530/2100/7200 (final); [ERPG] 200/1000/5000; [IDLH] 6000; [NPG] LEL 6.0 UEL 36;
-- [FDT] 0.017 kg/m²s, 20.0 MJ/kg, kβ 100
('methanol', '甲醇', 'Methanol', '67-56-1', '1230', 32.04,
  530, 2100, 7200, 200, 1000, 5000, 6000, 6.0, 36,
  0.017, 20.0, 100, 791, 64.7, false,
  '{"sources": ["AEGL final", "ERPG 2016", "NIOSH IDLH", "NIOSH NPG", "NUREG-1805"], "unconfirmed": ["aegl3_ppm"]}'),
-- benzene: [AEGL] 52/800/4000 (interim 60-min values); [ERPG] 50/150/1000; [IDLH] 500 (Ca);
-- [NPG] LEL 1.2 UEL 7.8; [FDT] 0.085, 40.1, kβ 2.7
('benzene', '苯', 'Benzene', '71-43-2', '1114', 78.11,
  52, 800, 4000, 50, 150, 1000, 500, 1.2, 7.8,
  0.085, 40.1, 2.7, 879, 80.1, false,
  '{"sources": ["AEGL interim", "ERPG 2016", "NIOSH IDLH", "NIOSH NPG", "NUREG-1805"], "aegl_status": "interim"}'),
-- toluene: [AEGL] 67/560/3700 (final); [ERPG] 50/300/1000; [IDLH] 500; [NPG] LEL 1.1 UEL 7.1;
-- [SFPE] 0.112 kg/m²s, kβ 1.3 (not in the FDT table); [LHV] 40.5 MJ/kg
('toluene', '甲苯', 'Toluene', '108-88-3', '1294', 92.14,
  67, 560, 3700, 50, 300, 1000, 500, 1.1, 7.1,
  0.112, 40.5, 1.3, 867, 110.6, false,
  '{"sources": ["AEGL final", "ERPG 2016", "NIOSH IDLH", "NIOSH NPG", "SFPE Handbook", "LHV"],
    "unconfirmed": ["aegl1_ppm", "aegl2_ppm", "aegl3_ppm", "burning_rate_kg_m2s", "k_beta_per_m"]}'),
-- LPG, taken as commercial propane: [AEGL] propane 5500/17000/33000 (AEGL-3 above the LEL, flammability
-- governs); [IDLH] LPG 2000 (10 % LEL); [NPG] propane LEL 2.1 UEL 9.5, bp −42 °C; [SFPE] liquefied propane
-- 0.099 kg/m²s, 46.0 MJ/kg, kβ 1.4
('lpg', '液化石油气', 'Liquefied petroleum gas (as propane)', '68476-85-7', '1075', 44.10,
  5500, 17000, 33000, NULL, NULL, NULL, 2000, 2.1, 9.5,
  0.099, 46.0, 1.4, 510, -42.1, true,
  '{"sources": ["AEGL (propane)", "NIOSH IDLH", "NIOSH NPG (propane)", "SFPE Handbook"],
    "unconfirmed": ["aegl1_ppm", "aegl2_ppm", "aegl3_ppm", "burning_rate_kg_m2s", "k_beta_per_m"]}'),
-- ethylene oxide: [AEGL] AEGL-1 not recommended, 45/200 (final); [ERPG] ERPG-1 none, 50/500; [IDLH] 800;
-- [NPG] LEL 3.0 UEL 100, bp 10.7 °C; [LHV] 27.7 MJ/kg
('ethylene_oxide', '环氧乙烷', 'Ethylene oxide', '75-21-8', '1040', 44.05,
  NULL, 45, 200, NULL, 50, 500, 800, 3.0, 100,
  NULL, 27.7, NULL, 870, 10.7, true,
  '{"sources": ["AEGL final", "ERPG 2016", "NIOSH IDLH", "NIOSH NPG", "LHV"], "unconfirmed": ["heat_of_combustion_mj_kg"]}'),
-- vinyl chloride: [AEGL] 250/1200/4800; [ERPG] 500/5000/20000; IDLH none (carcinogen, N.D.);
-- [NPG] LEL 3.6 UEL 33.0, bp −13.4 °C; [LHV] 18.8 MJ/kg
('vinyl_chloride', '氯乙烯', 'Vinyl chloride', '75-01-4', '1086', 62.50,
  250, 1200, 4800, 500, 5000, 20000, NULL, 3.6, 33.0,
  NULL, 18.8, NULL, 910, -13.4, true,
  '{"sources": ["AEGL final", "ERPG 2016", "NIOSH NPG", "LHV"],
    "unconfirmed": ["aegl1_ppm", "aegl2_ppm", "aegl3_ppm", "erpg1_ppm", "erpg2_ppm", "erpg3_ppm", "heat_of_combustion_mj_kg"]}'),
-- acetone: [AEGL] 200/3200/5700 (interim); [IDLH] 2500 (10 % LEL); [NPG] LEL 2.5 UEL 12.8;
-- [FDT] 0.041, 25.8, kβ 1.9
('acetone', '丙酮', 'Acetone', '67-64-1', '1090', 58.08,
  200, 3200, 5700, NULL, NULL, NULL, 2500, 2.5, 12.8,
  0.041, 25.8, 1.9, 790, 56.1, false,
  '{"sources": ["AEGL interim", "NIOSH IDLH", "NIOSH NPG", "NUREG-1805"], "aegl_status": "interim",
    "unconfirmed": ["aegl1_ppm", "aegl2_ppm", "aegl3_ppm"]}'),
-- ethanol: no AEGL or ERPG; [IDLH] 3300 (10 % LEL); [NPG] LEL 3.3 UEL 19; [FDT] 0.015, 26.8, kβ 100
('ethanol', '乙醇', 'Ethanol', '64-17-5', '1170', 46.07,
  NULL, NULL, NULL, NULL, NULL, NULL, 3300, 3.3, 19,
  0.015, 26.8, 100, 789, 78.3, false,
  '{"sources": ["NIOSH IDLH", "NIOSH NPG", "NUREG-1805"]}'),
-- ethyl acetate: no AEGL or ERPG; [IDLH] 2000 (10 % LEL); [NPG] LEL 2.0 UEL 11.5; [LHV] 23.4 MJ/kg;
-- no burning rate in the FDT table (enter one before modelling a pool fire)
('ethyl_acetate', '乙酸乙酯', 'Ethyl acetate', '141-78-6', '1173', 88.11,
  NULL, NULL, NULL, NULL, NULL, NULL, 2000, 2.0, 11.5,
  NULL, 23.4, NULL, 902, 77.1, false,
  '{"sources": ["NIOSH IDLH", "NIOSH NPG", "LHV"], "unconfirmed": ["heat_of_combustion_mj_kg"]}'),
-- 1,3-butadiene: [AEGL] 670/5300/22000 (AEGL-3 above 50 % LEL); [IDLH] 2000 (10 % LEL);
-- [NPG] LEL 2.0 UEL 12.0, bp −4.4 °C; [LHV] 44.6 MJ/kg
('butadiene', '1,3-丁二烯', '1,3-Butadiene', '106-99-0', '1010', 54.09,
  670, 5300, 22000, NULL, NULL, NULL, 2000, 2.0, 12.0,
  NULL, 44.6, NULL, 620, -4.4, true,
  '{"sources": ["AEGL final", "NIOSH IDLH", "NIOSH NPG", "LHV"],
    "unconfirmed": ["aegl1_ppm", "aegl2_ppm", "aegl3_ppm", "heat_of_combustion_mj_kg"]}'),
-- gasoline: no AEGL; IDLH not determined (carcinogen); [NPG] LEL 1.4 UEL 7.6, initial bp 39 °C;
-- [FDT] 0.055, 43.7, kβ 2.1; mw is that of the vapour (light ends, about 72 g/mol), not of the liquid
('gasoline', '汽油', 'Gasoline', '86290-81-5', '1203', 72,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1.4, 7.6,
  0.055, 43.7, 2.1, 740, 39, false,
  '{"sources": ["NIOSH NPG", "NUREG-1805"], "unconfirmed": ["mw"]}'),
-- sulfuric acid (98 %): a mist, not a vapour — [AEGL] 0.20/8.7/160 mg/m³ and [IDLH] 15 mg/m³ kept in props;
-- the vapour-dispersion models do not apply
('sulfuric_acid', '硫酸', 'Sulfuric acid (98%)', '7664-93-9', '1830', 98.08,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, 1840, 337, false,
  '{"sources": ["AEGL final", "NIOSH IDLH"], "aegl_mg_m3": [0.20, 8.7, 160], "idlh_mg_m3": 15,
    "note": "aerosol: not a vapour-dispersion case"}'),
-- hydrochloric acid (31 %): the vapour is hydrogen chloride — [AEGL] 1.8/22/100 (final); [ERPG] 3/20/150;
-- [IDLH] 50
('hydrochloric_acid', '盐酸', 'Hydrochloric acid (31%), as hydrogen chloride', '7647-01-0', '1789', 36.46,
  1.8, 22, 100, 3, 20, 150, 50, NULL, NULL,
  NULL, NULL, NULL, 1150, NULL, false,
  '{"sources": ["AEGL final", "ERPG 2016", "NIOSH IDLH"], "note": "the rate is that of HCl evolved from the acid"}'),
-- caustic soda (32 %): not volatile; [IDLH] NaOH 10 mg/m³ kept in props
('caustic_soda', '液碱', 'Caustic soda solution (32%)', '1310-73-2', '1824', 40.00,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, 1350, NULL, false,
  '{"sources": ["NIOSH IDLH"], "idlh_mg_m3": 10, "note": "not volatile: no dispersion case"}'),
-- hydrogen sulfide (process gas): [AEGL] 0.51/27/50 (final); [ERPG] 0.1/30/100; [IDLH] 100;
-- [NPG] LEL 4.0 UEL 44, bp −60 °C; [LHV] 15.2 MJ/kg
('hydrogen_sulfide', '硫化氢', 'Hydrogen sulfide', '7783-06-4', '1053', 34.08,
  0.51, 27, 50, 0.1, 30, 100, 100, 4.0, 44,
  NULL, 15.2, NULL, NULL, -60.3, true,
  '{"sources": ["AEGL final", "ERPG 2016", "NIOSH IDLH", "NIOSH NPG", "LHV"], "unconfirmed": ["heat_of_combustion_mj_kg"]}'),
-- hydrogen (hydrogenation units): LEL 4.0 UEL 75; [LHV] 120 MJ/kg; not toxic (asphyxiant)
('hydrogen', '氢气', 'Hydrogen', '1333-74-0', '1049', 2.016,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, 4.0, 75,
  NULL, 120.0, NULL, NULL, -252.9, false,
  '{"sources": ["LHV"]}'),
-- methane / natural gas: LEL 5.0 UEL 15; [LHV] 50.0 MJ/kg; [SFPE] LNG pool 0.078 kg/m²s, kβ 1.1
('methane', '甲烷(天然气)', 'Methane (natural gas)', '74-82-8', '1971', 16.04,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, 5.0, 15,
  0.078, 50.0, 1.1, 424, -161.5, false,
  '{"sources": ["LHV", "SFPE Handbook (LNG)"], "unconfirmed": ["burning_rate_kg_m2s", "k_beta_per_m"]}');

-- Everyone signed in reads the table; only park scope changes it (the route also requires park_admin).
GRANT SELECT, UPDATE ON chemicals TO chempark_app;
ALTER TABLE chemicals ENABLE ROW LEVEL SECURITY;
ALTER TABLE chemicals FORCE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON chemicals FOR SELECT TO chempark_app
  USING (app_scope() IN ('park', 'enterprise'));
CREATE POLICY park_updates ON chemicals FOR UPDATE TO chempark_app
  USING (app_scope() = 'park') WITH CHECK (app_scope() = 'park');
