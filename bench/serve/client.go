package serve

import (
	"bufio"
	"context"
	"io"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
)

// connect opens a pgx connection at the protocol level (pgconn): each
// message is read and its values handed over as bytes, so that the client
// costs little next to the server. It reads the socket 64 KiB at a time
// (libpq grows its buffer likewise; pgconn's own reads 8 KiB).
func connect(ctx context.Context, connString string) (*pgconn.PgConn, error) {
	cfg, err := pgconn.ParseConfig(connString)
	if err != nil {
		return nil, err
	}
	cfg.BuildFrontend = func(r io.Reader, w io.Writer) *pgproto3.Frontend {
		return pgproto3.NewFrontend(bufio.NewReaderSize(r, 64<<10), w)
	}
	return pgconn.ConnectConfig(ctx, cfg)
}
