package engine

import (
	"context"
	gosql "database/sql"
	"database/sql/driver"
	"errors"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/duckdb/duckdb-go/v2"
)

// QueryArrow runs query on conn through duckdb-go's Arrow interface: the
// result comes as record batches of about 2,048 rows, one typed array per
// column, with no Go value made per row and column (the wire server streams
// layers this way).
//
// The reader outlives the Raw callback that made it: the caller holds conn
// (a *sql.Conn nobody else uses) until it has released the reader, so the
// driver connection is not used by anything else meanwhile.
func QueryArrow(ctx context.Context, conn *gosql.Conn, query string, args []any) (array.RecordReader, error) {
	var rr array.RecordReader
	err := conn.Raw(func(dc any) error {
		dconn, ok := dc.(driver.Conn)
		if !ok {
			return errNotDuckDB
		}
		a, err := duckdb.NewArrowFromConn(dconn)
		if err != nil {
			return err
		}
		rr, err = a.QueryContext(ctx, query, args...)
		return err
	})
	if err != nil {
		return nil, err
	}
	return rr, nil
}

var errNotDuckDB = errors.New("engine: not a DuckDB connection")
