-- pg_settings: the server's fixed settings, as a client can read them with
-- SQL (SHOW and SET are answered by the wire server, per session).
CREATE OR REPLACE VIEW pg_settings AS
SELECT name, setting, NULL::VARCHAR AS unit, 'Preset Options' AS category, '' AS short_desc,
       NULL::VARCHAR AS extra_desc, 'internal' AS context, 'string' AS vartype, 'default' AS source,
       NULL::VARCHAR AS min_val, NULL::VARCHAR AS max_val, NULL::VARCHAR[] AS enumvals,
       setting AS boot_val, setting AS reset_val, false AS pending_restart
FROM (VALUES
    ('server_version', '16.4'),
    ('server_version_num', '160004'),
    ('server_encoding', 'UTF8'),
    ('client_encoding', 'UTF8'),
    ('standard_conforming_strings', 'on'),
    ('integer_datetimes', 'on'),
    ('DateStyle', 'ISO, MDY'),
    ('IntervalStyle', 'postgres'),
    ('max_identifier_length', '63'),
    ('default_transaction_read_only', 'off'),
    ('search_path', '"$user", public')
) AS t(name, setting);
