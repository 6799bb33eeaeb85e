package exhibit

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mastcdr/mast/bench"
	"github.com/mastcdr/mast/bench/world"
)

// caseName is the benchmark case's name.
const caseName = "exhibit"

// The world the rows come from: a few dozen handsets over three months, so
// that the subject's events move between many cells at the hours people keep.
const (
	worldHandsets = 40
	worldDays     = 90
)

// subjectFile is the rewritten CDR: the world's events, all of one subject.
const subjectFile = "cdr_subject.csv"

// ensureCase makes the benchmark case unless the stamp says dir holds one
// made with the same options, and returns its path and the subject as the
// schedule asks for it.
func ensureCase(ctx context.Context, opts Options) (path, subject string, err error) {
	path = filepath.Join(opts.Dir, caseName+".duckdb")
	files := filepath.Join(opts.Dir, "world")
	load := filepath.Join(opts.Dir, "load")
	want := fmt.Sprintf("rows=%d seed=%d generator=%s\n", opts.Rows, opts.Seed, world.Version)
	extra, err := bench.KeepCase(ctx, opts.Out, path, filepath.Join(opts.Dir, "bench-exhibit.txt"), want, []string{files, load},
		func(ctx context.Context) (string, error) {
			wo := world.DefaultOptions()
			wo.Seed, wo.Handsets, wo.Days, wo.TargetEvents, wo.DumpRows = opts.Seed, worldHandsets, worldDays, opts.Rows, -1
			fmt.Fprintf(opts.Out, "generating a world of %d handsets over %d days (about %d events) into %s ...\n", wo.Handsets, wo.Days, opts.Rows, files)
			began := time.Now()
			if _, err := world.Generate(ctx, wo, files); err != nil {
				return "", err
			}
			if err := os.MkdirAll(load, 0o755); err != nil {
				return "", err
			}
			subject, n, err := oneSubject(filepath.Join(files, "cdr.csv"), filepath.Join(load, subjectFile))
			if err != nil {
				return "", fmt.Errorf("rewrite the CDR for one subject: %w", err)
			}
			if err := copyFile(filepath.Join(files, "cells.csv"), filepath.Join(load, "cells.csv")); err != nil {
				return "", err
			}
			fmt.Fprintf(opts.Out, "generated %d events and gave them all to %s in %.1f s; loading ...\n", n, subject, time.Since(began).Seconds())
			if err := bench.LoadWorldCase(ctx, opts.Out, path, caseName, load); err != nil {
				return "", err
			}
			return "subject=" + subject + "\n", nil
		})
	if err != nil {
		return "", "", err
	}
	return path, strings.TrimSpace(strings.TrimPrefix(extra, "subject=")), nil
}

// oneSubject copies a mast-cdr file (as the world generator writes it) to
// dst with every row given to one subject: the number, IMSI and IMEI of its
// first row. It returns that number and the rows written.
func oneSubject(src, dst string) (string, int64, error) {
	in, err := os.Open(src)
	if err != nil {
		return "", 0, err
	}
	defer in.Close()
	r := csv.NewReader(bufio.NewReaderSize(in, 1<<20))
	r.Comment = '#'
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		return "", 0, fmt.Errorf("%s: header: %w", src, err)
	}
	cols := []int{-1, -1, -1}
	for i, name := range header {
		switch name {
		case "subject_msisdn":
			cols[0] = i
		case "subject_imsi":
			cols[1] = i
		case "subject_imei":
			cols[2] = i
		}
	}
	for i, c := range cols {
		if c < 0 {
			return "", 0, fmt.Errorf("%s: no column %s (not a mast-cdr file?)", src, []string{"subject_msisdn", "subject_imsi", "subject_imei"}[i])
		}
	}
	out, err := os.Create(dst)
	if err != nil {
		return "", 0, err
	}
	defer out.Close()
	bw := bufio.NewWriterSize(out, 1<<20)
	bw.WriteString("# mast bench exhibit: the synthetic world's CDR with every row given to one subject; every record here is invented\n")
	w := csv.NewWriter(bw)
	if err := w.Write(header); err != nil {
		return "", 0, err
	}
	var subj []string
	var n int64
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", 0, fmt.Errorf("%s: %w", src, err)
		}
		if subj == nil {
			for _, c := range cols {
				subj = append(subj, rec[c])
			}
		}
		for i, c := range cols {
			rec[c] = subj[i]
		}
		if err := w.Write(rec); err != nil {
			return "", 0, err
		}
		n++
	}
	if subj == nil {
		return "", 0, fmt.Errorf("%s: no rows", src)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return "", 0, err
	}
	if err := bw.Flush(); err != nil {
		return "", 0, err
	}
	subject := subj[0]
	if subject == "" {
		subject = subj[1]
	}
	return subject, n, out.Close()
}

func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}
