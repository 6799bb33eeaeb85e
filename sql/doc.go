// Package sql will hold mast's Postgres-wire server (sql/pgwire), the mapping
// of errors to SQLSTATE codes (sql/pgerr) and the PostgreSQL/PostGIS to DuckDB
// rewrite (sql/pgcompat), so that QGIS, GDAL, psql, JDBC and BI tools can
// query a case as if it were PostGIS.
//
// Nothing is here yet: the server is the Postgres-wire issue's work. Code
// here that needs database/sql imports it as gosql.
package sql
