package pgwire

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/mastcdr/mast/sql/pgcompat"
	"github.com/mastcdr/mast/sql/pgerr"
)

// decodeParams turns Bind's parameter values into Go values for DuckDB.
// Text parameters go to DuckDB as strings, which it casts to the
// parameter's type; binary ones are decoded by their type OID.
func (s *session) decodeParams(oids []uint32, formats []int16, values [][]byte) ([]any, error) {
	args := make([]any, len(values))
	for i, v := range values {
		if v == nil {
			continue
		}
		f := int16(0)
		switch {
		case len(formats) == 1:
			f = formats[0]
		case i < len(formats):
			f = formats[i]
		}
		oid := uint32(0)
		if i < len(oids) {
			oid = oids[i]
		}
		var err error
		if f == 0 {
			args[i], err = decodeText(oid, v)
		} else {
			args[i], err = s.decodeBinary(oid, v)
		}
		if err != nil {
			return nil, pgerr.New(pgerr.InvalidTextRepresentation, fmt.Sprintf("parameter $%d: %v", i+1, err))
		}
	}
	return args, nil
}

func decodeText(oid uint32, v []byte) (any, error) {
	switch oid {
	case pgcompat.OIDBytea:
		if s := string(v); strings.HasPrefix(s, `\x`) {
			return hex.DecodeString(s[2:])
		}
		return v, nil
	case pgcompat.OIDBool:
		switch strings.ToLower(strings.TrimSpace(string(v))) {
		case "t", "true", "yes", "on", "1", "y":
			return true, nil
		case "f", "false", "no", "off", "0", "n":
			return false, nil
		}
	}
	return string(v), nil
}

func (s *session) decodeBinary(oid uint32, v []byte) (any, error) {
	need := func(n int) error {
		if len(v) != n {
			return fmt.Errorf("binary value of %d bytes for a %d-byte type", len(v), n)
		}
		return nil
	}
	switch oid {
	case pgcompat.OIDInt2:
		if err := need(2); err != nil {
			return nil, err
		}
		return int64(int16(binary.BigEndian.Uint16(v))), nil
	case pgcompat.OIDInt4:
		if err := need(4); err != nil {
			return nil, err
		}
		return int64(int32(binary.BigEndian.Uint32(v))), nil
	case pgcompat.OIDOID:
		if err := need(4); err != nil {
			return nil, err
		}
		return int64(binary.BigEndian.Uint32(v)), nil
	case pgcompat.OIDInt8:
		if err := need(8); err != nil {
			return nil, err
		}
		return int64(binary.BigEndian.Uint64(v)), nil
	case pgcompat.OIDFloat4:
		if err := need(4); err != nil {
			return nil, err
		}
		return float64(math.Float32frombits(binary.BigEndian.Uint32(v))), nil
	case pgcompat.OIDFloat8:
		if err := need(8); err != nil {
			return nil, err
		}
		return math.Float64frombits(binary.BigEndian.Uint64(v)), nil
	case pgcompat.OIDBool:
		if err := need(1); err != nil {
			return nil, err
		}
		return v[0] != 0, nil
	case pgcompat.OIDText, pgcompat.OIDVarchar, pgcompat.OIDName, pgcompat.OIDUnknown, pgcompat.OIDJSON, 0:
		return string(v), nil
	case pgcompat.OIDBytea, pgcompat.OIDGeometry:
		return append([]byte(nil), v...), nil
	case pgcompat.OIDTimestamptz, pgcompat.OIDTimestamp:
		if err := need(8); err != nil {
			return nil, err
		}
		return pgEpoch.Add(time.Duration(int64(binary.BigEndian.Uint64(v))) * time.Microsecond), nil
	case pgcompat.OIDDate:
		if err := need(4); err != nil {
			return nil, err
		}
		return pgEpoch.AddDate(0, 0, int(int32(binary.BigEndian.Uint32(v)))), nil
	}
	// Anything else through pgx's codecs, to text that DuckDB casts.
	var decoded any
	if err := s.types.Scan(oid, pgtype.BinaryFormatCode, v, &decoded); err != nil {
		return nil, err
	}
	txt, err := s.types.Encode(oid, pgtype.TextFormatCode, decoded, nil)
	if err != nil {
		return nil, err
	}
	return string(txt), nil
}
