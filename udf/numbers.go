package udf

import (
	"database/sql/driver"
	"fmt"
	"sync"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/mastcdr/mast/loaders/normalize"
)

// numberFunctions are e164(text): a telephone number as written, read in the
// case's region exactly as the loaders read it, in E.164; NULL when the text
// is not a telephone number (a short code, a sender name, an IMSI).
func numberFunctions(region string) ([]function, error) {
	if region == "" {
		region = "GB"
	}
	if _, err := normalize.NewPhoneNormalizer(region); err != nil {
		return nil, fmt.Errorf("e164: %w", err)
	}
	// A PhoneNormalizer is not safe for concurrent use and DuckDB runs a
	// function on several threads: one per goroutine, from a pool.
	pool := sync.Pool{New: func() any {
		p, _ := normalize.NewPhoneNormalizer(region)
		return p
	}}
	e164 := &scalar{in: types(duckdb.TYPE_VARCHAR), out: typeOf(duckdb.TYPE_VARCHAR), fn: func(args []driver.Value) (any, error) {
		s, _ := args[0].(string)
		if looksLikeIdentity(s) {
			return nil, nil
		}
		p := pool.Get().(*normalize.PhoneNormalizer)
		defer pool.Put(p)
		ph := p.Normalize(s)
		if ph.Kind != normalize.PhoneE164 {
			return nil, nil
		}
		return ph.E164, nil
	}}
	return []function{{name: "e164", overloads: []*scalar{e164}}}, nil
}

// looksLikeIdentity tells an IMSI or IMEI (14 to 16 bare digits) from a
// number: no national or international number written without a + or 00 is
// that long, and phonenumbers would otherwise read some of them as numbers.
func looksLikeIdentity(s string) bool {
	if len(s) < 14 || len(s) > 16 || s[0] == '0' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
