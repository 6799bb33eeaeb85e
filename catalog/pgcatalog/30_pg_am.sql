-- pg_am: the access methods pg_class.relam and pg_index refer to.
CREATE OR REPLACE VIEW pg_am AS
SELECT oid::UINTEGER AS oid, amname, amhandler, amtype FROM (VALUES
    (2, 'heap', 'heap_tableam_handler', 't'),
    (403, 'btree', 'bthandler', 'i'),
    (405, 'hash', 'hashhandler', 'i'),
    (783, 'gist', 'gisthandler', 'i')
) AS t(oid, amname, amhandler, amtype);
