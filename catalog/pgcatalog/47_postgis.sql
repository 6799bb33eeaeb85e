-- PostGIS's version functions: mast answers as PostGIS 3.4 would, so that
-- clients enable their PostGIS paths.
CREATE OR REPLACE MACRO postgis_version() AS '3.4 USE_GEOS=1 USE_PROJ=1 USE_STATS=1';
CREATE OR REPLACE MACRO postgis_lib_version() AS '3.4.2';
CREATE OR REPLACE MACRO postgis_scripts_installed() AS '3.4.2';
CREATE OR REPLACE MACRO postgis_geos_version() AS '3.12.1-CAPI-1.18.1';
CREATE OR REPLACE MACRO postgis_proj_version() AS '9.4.0';
CREATE OR REPLACE MACRO postgis_full_version() AS
    'POSTGIS="3.4.2 mast" [EXTENSION] PGSQL="160" GEOS="3.12.1-CAPI-1.18.1" PROJ="9.4.0" LIBXML="2.9.14" LIBJSON="0.16" (core procs from "3.4.2 mast")';
