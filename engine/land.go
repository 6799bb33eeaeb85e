package engine

import (
	"context"
	gosql "database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	duckdb "github.com/duckdb/duckdb-go/v2"
)

// SourceMeta is the provenance of one file, recorded in sources.
type SourceMeta struct {
	Path          string // absolute path
	FileName      string
	SHA256        string // hex digest of the file's bytes; "" to take it from the load's own read (see HasSourceOfSize)
	Size          int64
	Kind          string // cdr, cells, anpr
	Profile       string
	ProfileSHA256 string
	TimeZone      string // zone assumed for local times
	Region        string // default number region
}

// IDs are the identifiers a Stream must use for the rows it produces.
type IDs struct {
	SourceID int32
	FirstRow int64 // id of the first row landed; the next ones follow in order
}

// Counts are a file's row counts. Read = Loaded + Rejected.
type Counts struct {
	Read      int64 `json:"read"`
	Loaded    int64 `json:"loaded"`
	Rejected  int64 `json:"rejected"`
	Duplicate int64 `json:"duplicates"`
}

// Stream is what a loader hands to LoadFile: the rows to land, as Arrow
// records whose column names are the target table's, and what it could not
// load. EachReject, RowCounts and Err are read once the records are drained.
// Only basic types cross this boundary, so a loader needs nothing of engine.
type Stream interface {
	array.RecordReader
	Err() error
	// EachReject calls fn for every rejected line, in file order. part is
	// the sheet or archive member holding the line, "" for a plain file.
	EachReject(fn func(part string, line int64, field, reason, raw string))
	// RowCounts returns the rows read, loaded, rejected and marked duplicate.
	RowCounts() (read, loaded, rejected, duplicate int64)
	// SHA256 is the digest of the bytes the stream actually read; LoadFile
	// refuses to commit when it differs from SourceMeta.SHA256 (the file
	// changed while it was being loaded).
	SHA256() string
}

// LoadResult says what became of one file.
type LoadResult struct {
	SourceID      int32         `json:"source_id"`
	AlreadyLoaded bool          `json:"already_loaded"`
	SHA256        string        `json:"sha256"` // the file's digest
	Counts        Counts        `json:"counts"`
	Elapsed       time.Duration `json:"elapsed_ns"`
}

// ErrFileChanged is returned when a file's bytes changed during its load.
var ErrFileChanged = errors.New("file changed while it was being loaded")

var idColumns = map[string]string{
	"events":     "event_id",
	"cells":      "cell_id",
	"anpr_reads": "read_id",
}

// SourceBySHA256 returns the id of the source with this digest, if loaded.
func (c *Case) SourceBySHA256(ctx context.Context, sha string) (int32, bool, error) {
	var id int32
	err := c.db.QueryRowContext(ctx, `SELECT source_id FROM sources WHERE sha256 = ?`, sha).Scan(&id)
	if errors.Is(err, gosql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("look up source: %w", err)
	}
	return id, true, nil
}

// HasSourceOfSize says whether the case holds a file of this many bytes. A
// file no source matches in size cannot be in the case already, so its
// digest can be left to the load, which takes it as it reads (SourceMeta):
// one pass over the file instead of two.
func (c *Case) HasSourceOfSize(ctx context.Context, size int64) (bool, error) {
	var n int64
	if err := c.db.QueryRowContext(ctx, `SELECT count(*) FROM sources WHERE size_bytes = ?`, size).Scan(&n); err != nil {
		return false, fmt.Errorf("look up source: %w", err)
	}
	return n > 0, nil
}

// LoadFile lands one file in table inside one transaction. If a file with the
// same SHA-256 is in the case already, nothing is written and the result says
// so. start is called inside the transaction with the ids to use.
func (c *Case) LoadFile(ctx context.Context, meta SourceMeta, table string, start func(IDs) (Stream, error)) (LoadResult, error) {
	return c.LoadDelivery(ctx, meta, []Landing{{Table: table, Kind: meta.Kind, Profile: meta.Profile,
		ProfileSHA256: meta.ProfileSHA256, TimeZone: meta.TimeZone, Start: start}})
}

// Landing is one profile's share of a delivered file: the rows it reads,
// landed in Table. A plain file has one; a workbook or archive that mixes
// layouts has one per profile.
type Landing struct {
	Table         string // events, cells or anpr_reads
	Kind          string // cdr, cells, anpr
	Profile       string
	ProfileSHA256 string
	TimeZone      string // zone assumed for the landing's local times
	// Start is called inside the transaction with the ids to use; the ids
	// of a later landing follow the rows of the earlier ones.
	Start func(IDs) (Stream, error)
}

// partLister is a Stream that reads the sheets or members of a workbook or
// archive; LoadDelivery records each part in source_parts.
type partLister interface {
	// EachPart calls fn for every part opened, in order: its counts, or
	// why it was skipped (skipped != "").
	EachPart(fn func(part string, read, loaded, rejected, duplicate int64, skipped string))
}

// LoadDelivery lands one delivered file inside one transaction, as one
// source: each landing's rows in its table, one after another. If a file
// with the same SHA-256 is in the case already, nothing is written and the
// result says so. meta's Kind, Profile and ProfileSHA256 are recorded in
// sources; each landing's parts, with their own profile, in source_parts.
func (c *Case) LoadDelivery(ctx context.Context, meta SourceMeta, landings []Landing) (LoadResult, error) {
	began := time.Now()
	if len(landings) == 0 {
		return LoadResult{}, fmt.Errorf("load %s: nothing to land", meta.FileName)
	}
	for _, l := range landings {
		if _, ok := idColumns[l.Table]; !ok {
			return LoadResult{}, fmt.Errorf("load %s: unknown table %q", meta.FileName, l.Table)
		}
	}
	if meta.SHA256 != "" {
		if id, found, err := c.SourceBySHA256(ctx, meta.SHA256); err != nil {
			return LoadResult{}, err
		} else if found {
			return LoadResult{SourceID: id, AlreadyLoaded: true, SHA256: meta.SHA256}, nil
		}
	}

	conn, err := c.db.Conn(ctx)
	if err != nil {
		return LoadResult{}, fmt.Errorf("load %s: %w", meta.FileName, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN TRANSACTION`); err != nil {
		return LoadResult{}, fmt.Errorf("load %s: begin: %w", meta.FileName, err)
	}
	committed := false
	defer func() {
		if !committed {
			// A fresh context: the load's own may be what was cancelled.
			conn.ExecContext(context.Background(), `ROLLBACK`)
		}
	}()

	hashedBefore := meta.SHA256 != ""
	var sourceID int32
	if err := conn.QueryRowContext(ctx, `SELECT coalesce(max(source_id), 0) + 1 FROM sources`).Scan(&sourceID); err != nil {
		return LoadResult{}, fmt.Errorf("load %s: next source id: %w", meta.FileName, err)
	}
	var counts Counts
	for i, l := range landings {
		n, err := c.land(ctx, conn, &meta, sourceID, i, l)
		if err != nil {
			return LoadResult{}, err
		}
		counts.Read += n.Read
		counts.Loaded += n.Loaded
		counts.Rejected += n.Rejected
		counts.Duplicate += n.Duplicate
	}
	if !hashedBefore {
		// Digested while read: only now can it be told whether the case
		// holds the file already. (It cannot when no source has its size,
		// which is when callers leave the digest to the load.)
		if id, found, err := c.SourceBySHA256(ctx, meta.SHA256); err != nil {
			return LoadResult{}, fmt.Errorf("load %s: %w", meta.FileName, err)
		} else if found {
			return LoadResult{SourceID: id, AlreadyLoaded: true, SHA256: meta.SHA256}, nil
		}
	}
	if _, err := conn.ExecContext(ctx, `INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		sourceID, meta.Path, meta.FileName, meta.SHA256, meta.Size, meta.Kind, meta.Profile, meta.ProfileSHA256,
		Version, counts.Read, counts.Loaded, counts.Rejected, counts.Duplicate, meta.TimeZone, meta.Region,
		time.Now().UTC(), currentUser(), hostName()); err != nil {
		return LoadResult{}, fmt.Errorf("load %s: record source: %w", meta.FileName, err)
	}
	c.log.Debug("checked and recorded", "file", meta.FileName, "elapsed", time.Since(began))
	if _, err := conn.ExecContext(ctx, `COMMIT`); err != nil {
		return LoadResult{}, fmt.Errorf("load %s: commit: %w", meta.FileName, err)
	}
	committed = true
	c.log.Debug("committed", "file", meta.FileName, "elapsed", time.Since(began))
	return LoadResult{SourceID: sourceID, Counts: counts, Elapsed: time.Since(began), SHA256: meta.SHA256}, nil
}

// land lands one landing of a delivery (the i-th) inside the load's
// transaction, checks that its counts add up, and records its parts.
// When meta holds no digest yet, the first landing's stream gives it.
func (c *Case) land(ctx context.Context, conn *gosql.Conn, meta *SourceMeta, sourceID int32, i int, l Landing) (Counts, error) {
	began := time.Now()
	idCol := idColumns[l.Table]
	ids := IDs{SourceID: sourceID}
	if err := conn.QueryRowContext(ctx, fmt.Sprintf(`SELECT coalesce(max(%s), 0) + 1 FROM %s`, idCol, l.Table)).Scan(&ids.FirstRow); err != nil {
		return Counts{}, fmt.Errorf("load %s: next row id: %w", meta.FileName, err)
	}
	stream, err := l.Start(ids)
	if err != nil {
		return Counts{}, fmt.Errorf("load %s: %w", meta.FileName, err)
	}
	defer stream.Release()

	view := fmt.Sprintf("mast_landing_%d_%d", sourceID, i)
	err = conn.Raw(func(dc any) error {
		ar, err := duckdb.NewArrowFromConn(dc.(driver.Conn))
		if err != nil {
			return err
		}
		release, err := ar.RegisterView(stream, view)
		if err != nil {
			return err
		}
		defer release()
		_, err = dc.(driver.ExecerContext).ExecContext(ctx,
			fmt.Sprintf(`INSERT INTO %s BY NAME SELECT * FROM %s`, l.Table, view), nil)
		return err
	})
	c.log.Debug("landed rows", "file", meta.FileName, "table", l.Table, "profile", l.Profile, "elapsed", time.Since(began))
	if serr := stream.Err(); serr != nil {
		return Counts{}, fmt.Errorf("load %s: %w", meta.FileName, serr)
	}
	if err != nil {
		return Counts{}, fmt.Errorf("land %s: %w", l.Table, err)
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`DROP VIEW IF EXISTS %s`, view)); err != nil {
		return Counts{}, fmt.Errorf("land %s: %w", l.Table, err)
	}
	if got := stream.SHA256(); meta.SHA256 == "" {
		meta.SHA256 = got
	} else if got != meta.SHA256 {
		return Counts{}, fmt.Errorf("load %s: %w (digest %s before, %s while reading)", meta.FileName, ErrFileChanged, meta.SHA256, got)
	}

	var counts Counts
	counts.Read, counts.Loaded, counts.Rejected, counts.Duplicate = stream.RowCounts()
	if err := landRejects(ctx, conn, sourceID, stream); err != nil {
		return Counts{}, fmt.Errorf("load %s: %w", meta.FileName, err)
	}
	if l.Table == "events" && ids.FirstRow > 1 {
		n, err := markCrossFileDuplicates(ctx, conn, sourceID, ids.FirstRow)
		if err != nil {
			return Counts{}, fmt.Errorf("load %s: %w", meta.FileName, err)
		}
		counts.Duplicate += n
	}
	var landed int64
	if err := conn.QueryRowContext(ctx, fmt.Sprintf(`SELECT count(*) FROM %s WHERE source_id = ? AND %s >= ?`, l.Table, idCol),
		sourceID, ids.FirstRow).Scan(&landed); err != nil {
		return Counts{}, fmt.Errorf("load %s: count: %w", meta.FileName, err)
	}
	if landed != counts.Loaded || counts.Read != counts.Loaded+counts.Rejected {
		return Counts{}, fmt.Errorf("load %s: counts do not add up: read %d, loaded %d (landed %d), rejected %d",
			meta.FileName, counts.Read, counts.Loaded, landed, counts.Rejected)
	}
	if ps, ok := stream.(partLister); ok {
		var perr error
		ps.EachPart(func(part string, read, loaded, rejected, duplicate int64, skipped string) {
			if perr != nil {
				return
			}
			var kind, why any
			if skipped == "" {
				kind = l.Kind
			} else {
				why = skipped
			}
			_, perr = conn.ExecContext(ctx, `INSERT INTO source_parts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				sourceID, part, kind, l.Profile, l.ProfileSHA256, l.TimeZone, read, loaded, rejected, duplicate, why)
		})
		if perr != nil {
			return Counts{}, fmt.Errorf("load %s: record parts: %w", meta.FileName, perr)
		}
	}
	return counts, nil
}

func landRejects(ctx context.Context, conn *gosql.Conn, sourceID int32, stream Stream) error {
	var first int64
	if err := conn.QueryRowContext(ctx, `SELECT coalesce(max(reject_id), 0) + 1 FROM rejects`).Scan(&first); err != nil {
		return fmt.Errorf("next reject id: %w", err)
	}
	return conn.Raw(func(dc any) error {
		ap, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", "rejects")
		if err != nil {
			return fmt.Errorf("land rejects: %w", err)
		}
		var aerr error
		id := first
		stream.EachReject(func(part string, line int64, field, reason, raw string) {
			if aerr != nil {
				return
			}
			var f, pt driver.Value
			if field != "" {
				f = field
			}
			if part != "" {
				pt = part
			}
			aerr = ap.AppendRow(id, sourceID, line, f, reason, raw, pt)
			id++
		})
		if aerr != nil {
			ap.Close()
			return fmt.Errorf("land rejects: %w", aerr)
		}
		if err := ap.Close(); err != nil {
			return fmt.Errorf("land rejects: %w", err)
		}
		return nil
	})
}

// markCrossFileDuplicates marks the events just landed (source sid, ids
// from first on) that repeat an event landed before them: from an earlier
// file, or from an earlier landing of the same delivery. Duplicates within
// one stream are marked by the loader as it streams.
func markCrossFileDuplicates(ctx context.Context, conn *gosql.Conn, sid int32, first int64) (int64, error) {
	res, err := conn.ExecContext(ctx, `
		UPDATE events SET duplicate_of = d.first_id
		FROM (
			SELECT fingerprint, min(event_id) AS first_id
			FROM events
			WHERE event_id < $2
			  AND fingerprint IN (SELECT fingerprint FROM events WHERE source_id = $1 AND event_id >= $2)
			GROUP BY fingerprint
		) d
		WHERE events.source_id = $1 AND events.event_id >= $2 AND events.duplicate_of IS NULL AND events.fingerprint = d.fingerprint`, sid, first)
	if err != nil {
		return 0, fmt.Errorf("mark duplicates: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("mark duplicates: %w", err)
	}
	return n, nil
}
