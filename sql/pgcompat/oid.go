package pgcompat

import (
	"crypto/md5"
	"encoding/binary"
)

// RelationOID is the OID mast gives a relation (or index) named name in the
// PostgreSQL schema nsp ("public" for the case's own tables): the first 32
// bits of the MD5 of "<nsp>.<name>", folded into 100000 .. 2147099999. The
// catalog computes the same in SQL (catalog/pgcatalog/00_oid.sql), so the
// OIDs are the same in every session, after every restart, and in
// RowDescription, pg_class and pg_attribute.
func RelationOID(nsp, name string) uint32 {
	sum := md5.Sum([]byte(nsp + "." + name))
	h := uint64(binary.BigEndian.Uint32(sum[:4]))
	return uint32(100000 + h%2147000000)
}
